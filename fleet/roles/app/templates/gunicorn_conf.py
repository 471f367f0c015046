"""gunicorn on {{ inventory_hostname }} (Ansible, role app): the lab's settings from the release, on the host's address.

Like the production stack's gunicorn_conf.py, it reads the release's own
gunicorn_conf.py (worker count, timeouts) and the release id of ``current``.
"""

from pathlib import Path

exec(Path("{{ srv_dir }}/current/gunicorn_conf.py").read_text())  # workers, timeouts

bind = "{{ address }}:{{ app_port }}"
chdir = "{{ srv_dir }}/current"
pythonpath = "{{ srv_dir }}/current"
raw_env = ["RELEASE=" + Path("{{ srv_dir }}/current/RELEASE").read_text().strip()]
