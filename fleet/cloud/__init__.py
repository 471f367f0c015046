"""The fleet in the cloud: its hosts, firewall, load balancer and DNS mapped onto AWS, checked offline.

``rules`` renders the firewall role's nftables rules for every host (Ansible, on
the controller only) and reads what they allow; ``plan`` maps the inventory and
those rules onto EC2 instances, security groups, an elastic address, a load
balancer and a Route 53 zone; ``emulator`` runs moto's server on loopback;
``check`` creates the plan there with boto3, reads it back and compares what the
security groups allow with what nftables allows. ``python -m fleet.cloud`` runs it.
"""
