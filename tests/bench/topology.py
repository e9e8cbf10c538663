"""The production topology on this machine, under load, with an app server and a worker killed mid-run.

Run with ``bin/topology`` (``--smoke`` for the small CI run, ``--help`` for options). It

1. creates its own PostgreSQL database (``--db``, default ``topology``) with the migrations, the demo
   county (regions, departments, staff, document templates) and a request form that issues a receipt
   when a case is opened and a completion notice when it is resolved, and e-mails the resident;
2. starts nginx (the Debian package; installed with apt-get when missing) on loopback in front of two
   gunicorn app servers with the production settings, and two task workers (``manage.py db_worker``);
3. drives a bounded load (tests/bench/topology_load.py): residents submitting, a dispatcher accepting
   and dispatching, a handler claiming and resolving, all over HTTP through nginx;
4. kills one app server and one worker with SIGKILL when a share of the residents is through;
5. waits for the queue to drain, then counts in the database: submissions acknowledged = cases stored,
   none lost, none doubled, every document produced, every notice sent once (the e-mail backend is
   Django's file-based one: each message is a file, counted by its Message-ID);
6. backs the database up with pg_dump, restores it into a new database with pg_restore, and compares
   the row count of every table and a checksum of the cases (the README's "Backup and restore").

Residents behind the outer load balancer are told apart by X-Forwarded-For (nginx appends its own hop,
so TRUSTED_PROXY_COUNT is 2), as in a county deployment behind a load balancer.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "site"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from tests.bench import topology_checks as checks  # noqa: E402
from tests.bench import topology_load as load  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bin/topology", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small run for CI (40 residents, short lease)")
    parser.add_argument("--db", default="topology", help="database to create (dropped first if it exists)")
    parser.add_argument("--server", default=os.environ.get("TOPOLOGY_PG", "postgres://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server (trust or password in the URL)")
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--threads", type=int, default=12, help="residents submitting at once")
    parser.add_argument("--port", type=int, default=8480, help="nginx's port; app servers use the next two")
    parser.add_argument("--desks", type=int, default=3, help="dispatcher and handler sessions working at once")
    parser.add_argument("--app-workers", type=int, default=3, help="gunicorn workers per app server")
    parser.add_argument("--lease", type=float, default=10, help="TASK_LEASE_SECONDS of the workers")
    parser.add_argument("--drain", type=float, default=900, help="seconds the workers get to empty the queue")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of residents through before the kills")
    args = parser.parse_args(argv)
    if args.smoke:
        args.residents, args.threads, args.desks, args.app_workers, args.lease = 40, 4, 1, 2, 4
    return args


class Topology:
    """The processes of the run, started and stopped in order."""

    def __init__(self, args):
        self.args = args
        self.dir = ROOT / "var" / f"topology-{args.db}"
        self.base = f"http://127.0.0.1:{args.port}"
        self.apps, self.workers, self.nginx = [], [], None
        self.logs = []

    def env(self):
        return {
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "topology-run-not-a-secret", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{self.args.server}/{self.args.db}", "COOKIE_SECURE": "0",
            "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "CSRF_TRUSTED_ORIGINS": self.base,
            "TRUSTED_PROXY_COUNT": "2", "BEHIND_PROXY": "1", "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.dir / "mail"), "APP_VAR_DIR": str(self.dir / "var"),
            "STATIC_ROOT": str(self.dir / "static"), "DOCUMENTS_FONT_DIR": str(ROOT / "var" / "fonts"),
            "TASK_LEASE_SECONDS": str(self.args.lease), "WAGTAILADMIN_BASE_URL": self.base,
            "PUBLIC_BASE_URL": self.base, "LOG_LEVEL": "ERROR",
        }

    def spawn(self, name, command, **kwargs):
        log = open(self.dir / f"{name}.log", "wb")
        self.logs.append(log)
        # a session of its own: a kill takes the app server's master and its workers together
        return subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, **kwargs)

    def start(self):
        for i in (1, 2):
            self.apps.append(self.spawn(f"app{i}", [
                str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--chdir", "site",
                "--bind", f"127.0.0.1:{self.args.port + i}", "--workers", str(self.args.app_workers),
                "--timeout", "60", "--graceful-timeout", "5"]))
            self.workers.append(self.spawn(f"worker{i}", [
                PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--worker-id",
                f"topology-worker-{i}", "-v0"]))
        self.nginx = self.spawn("nginx", [nginx_binary(), "-p", str(self.dir), "-c", str(self.write_nginx_conf()),
                                          "-g", "daemon off;"])
        wait_until(lambda: healthy(self.base), 60, "nginx and the app servers to answer")

    def write_nginx_conf(self):
        for sub in ("tmp", "logs"):
            (self.dir / sub).mkdir(exist_ok=True)
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "", dir=self.dir, port=self.args.port,
            app1=self.args.port + 1, app2=self.args.port + 2, static=self.dir / "static"))
        return conf

    def kill(self, process):
        """SIGKILL the process and everything it started (an app server's workers)."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(10)

    def stop(self):
        for process in [*self.workers, *self.apps, self.nginx]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, *self.apps, self.nginx]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        for log in self.logs:
            log.close()


NGINX_CONF = """{user}
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/logs/nginx-error.log error;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/tmp/body; proxy_temp_path {dir}/tmp/proxy; fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi; scgi_temp_path {dir}/tmp/scgi;
  client_max_body_size 20m;
  upstream app {{
    server 127.0.0.1:{app1} max_fails=3 fail_timeout=2s;
    server 127.0.0.1:{app2} max_fails=3 fail_timeout=2s;
  }}
  server {{
    listen 127.0.0.1:{port};
    location /static/ {{ alias {static}/; }}
    location / {{
      proxy_pass http://app;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def nginx_binary():
    """nginx from Debian, installed with apt-get the first time."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("Installing nginx (Debian package)")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


def healthy(base):
    import requests

    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}")
        time.sleep(0.25)


def prepare(topology):
    """A fresh database with the migrations, the demo county and the run's form; static files collected."""
    args = topology.args
    if topology.dir.exists():
        shutil.rmtree(topology.dir)
    (topology.dir / "mail").mkdir(parents=True)
    # The migrated empty database is kept as a template (named by the migrations): later runs copy it.
    template = f"{args.db}_migrated_{checks.migrations_digest(ROOT)}"
    migrated = checks.exists(args.server, template)
    checks.recreate_database(args.server, args.db, template=template if migrated else None)
    os.environ.update(topology.env())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def migrate():
        call_command("migrate", verbosity=0)
        if not migrated:
            connection.close()
            checks.drop_templates(args.server, f"{args.db}_migrated_")
            checks.recreate_database(args.server, template, template=args.db)

    for name, step in (("migrations", migrate),
                       ("demo county", lambda: call_command("seed_demo", force=True, verbosity=0)),
                       ("static files", lambda: call_command("collectstatic", interactive=False, verbosity=0))):
        started = time.monotonic()
        step()
        print(f"  {name}: {time.monotonic() - started:.0f} s")
    return checks.make_form()


def drive(topology, setup):
    """The load, with the kills when ``kill_at`` of the residents are through; returns the tally and timings."""
    args, tally = topology.args, load.Tally()
    residents_done, killed = threading.Event(), {}
    kill_after = max(1, int(args.residents * args.kill_at))

    def on_progress(done):
        if done == kill_after and not killed:
            killed["at"] = time.monotonic()
            topology.kill(topology.apps[0])
            checks.wait_for_task_on("topology-worker-1", timeout=10)  # kill the worker in the middle of a task
            topology.kill(topology.workers[0])

    roles = (("dispatcher", {"submitted": "accept", "accepted": "dispatch"}),
             ("handler", {"dispatched": "claim", "claimed": "resolve"}))
    desks = [(load.Staff(topology.base, username, setup.password, tally), steps, i)
             for username, steps in roles for i in range(args.desks)]
    started = time.monotonic()
    deadline = started + max(120, args.residents)
    staff = [threading.Thread(target=load.staff_loop, daemon=True, args=(
        who, steps, setup.form_id, setup.department_id, residents_done, deadline, (i, args.desks)))
        for who, steps, i in desks]
    for thread in staff:
        thread.start()
    load.run_residents(topology.base, setup.url, setup.fields, setup.region_id, args.residents, args.threads,
                       tally, on_progress)
    residents_seconds = time.monotonic() - started
    residents_done.set()
    for thread in staff:
        thread.join()
    return tally, {"residents": residents_seconds, "all": time.monotonic() - started, "killed": bool(killed)}


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    topology = Topology(args)
    print(f"Preparing database {args.db} …")
    started = time.monotonic()
    setup = prepare(topology)
    print(f"  ready in {time.monotonic() - started:.0f} s")
    print(f"Starting nginx on {topology.base}, two app servers, two workers …")
    topology.start()
    try:
        print(f"Load: {args.residents} residents ({args.threads} at once), {args.desks} dispatcher and "
              f"{args.desks} handler desks; killing app server 1 and worker 1 after {args.kill_at:.0%} …")
        tally, seconds = drive(topology, setup)
        print(f"  {seconds['all']:.0f} s. Waiting for the queue to drain …")
        drained = checks.wait_for_queue(timeout=args.drain)
    finally:
        topology.stop()
    figures = checks.count(setup, tally, seconds, mail_dir=topology.dir / "mail", drained=drained)
    figures.update(checks.backup_and_restore(args.server, args.db, topology.dir / "backup.dump"))
    ok = checks.report(figures)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
