"""The fleet: the reference stack across several hosts, deployed by Ansible.

On this machine the hosts are Linux network namespaces this package makes
(``make fleet-up``); on real servers the same playbooks run against the example
inventory. See docs/fleet.md.
"""
