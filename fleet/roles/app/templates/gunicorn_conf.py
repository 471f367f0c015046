"""gunicorn on {{ inventory_hostname }} (Ansible, role app): the lab's settings from the release, on the host's address.

Like the production stack's gunicorn_conf.py, it reads the release's own
gunicorn_conf.py (worker count, timeouts, the metrics hook) and the release id of
``current``. Two addresses: the app port, which only the load balancer may reach,
and the metrics port, which only Prometheus may reach (role firewall): /metrics is
never public, and Prometheus scrapes each host's own counts.
"""

from pathlib import Path

exec(Path("{{ srv_dir }}/current/gunicorn_conf.py").read_text())  # workers, timeouts, metrics hook

bind = ["{{ address }}:{{ app_port }}", "{{ address }}:{{ app_metrics_port }}"]
chdir = "{{ srv_dir }}/current"
pythonpath = "{{ srv_dir }}/current"
release = Path("{{ srv_dir }}/current/RELEASE").read_text().strip()
raw_env = ["RELEASE=" + release]
# gunicorn's usual access line, then the request's id (the load balancer's X-Request-ID, which the
# client gets back) and the release that answered: fleet/deploy_timeline.py joins them per request.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" request_id=%({x-request-id}i)s release='
    + release.replace("%", "%%")
)
