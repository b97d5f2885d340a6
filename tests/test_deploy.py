"""The shipped deployment examples, run as a user would: systemd units, the cron lines, Scrapyd.

Paths in the examples (/opt/peoples-daily-archive, /srv/peoples-daily) are replaced by this
checkout and a temporary folder; nothing else is changed.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest

from samplesite import SampleSite
from tests.conftest import REPO, scrapy_env

DEPLOY = REPO / "deploy"
BIN = Path(sys.executable).parent
FAST = "-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CRAWL_DELAY_OVERRIDE=0"


def localised(text: str, output: Path) -> str:
    """An example with its install paths pointed at this checkout and ``output``."""
    return text.replace("/opt/peoples-daily-archive", str(REPO)).replace(
        "/srv/peoples-daily", str(output)
    )


def articles(output: Path) -> int:
    query = f"SELECT count(*) FROM read_parquet('{output}/articles/**/*.parquet')"
    return duckdb.connect().execute(query).fetchone()[0]  # type: ignore[index]


@pytest.fixture
def systemd_analyze() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    return tool


def test_the_systemd_units_verify_and_their_command_runs(
    systemd_analyze: str, site: SampleSite, tmp_path: Path
) -> None:
    units = tmp_path / "units"
    units.mkdir()
    output = tmp_path / "srv"
    output.mkdir()
    for name in ("peoples-daily@.service", "peoples-daily@.timer"):
        text = localised((DEPLOY / "systemd" / name).read_text(), output)
        (units / name.replace("@.", "@people.")).write_text(text)
    verified = subprocess.run(
        [systemd_analyze, "verify", "--man=no", "peoples-daily@people.service",
         "peoples-daily@people.timer"],
        cwd=units, capture_output=True, text=True,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    timer = (units / "peoples-daily@people.timer").read_text()
    (calendar,) = re.findall(r"^OnCalendar=(.+)$", timer, re.M)
    assert subprocess.run([systemd_analyze, "calendar", calendar]).returncode == 0

    # ExecStart, as systemd would run it for the instance "people" (continuation lines joined).
    service = (units / "peoples-daily@people.service").read_text().replace("\\\n", " ")
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", service, re.M)
    command = shlex.split(exec_start.replace("%i", "people")) + shlex.split(FAST)
    (workdir,) = re.findall(r"^WorkingDirectory=(.+)$", service, re.M)
    run = subprocess.run(
        command, cwd=workdir, env=scrapy_env(site.proxy_url), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert articles(output) == 13
    (success,) = re.findall(r"^SuccessExitStatus=(.+)$", service, re.M)
    assert success == "7"  # "already running" is not a failure of the unit


def test_a_broken_unit_does_not_verify(systemd_analyze: str, tmp_path: Path) -> None:
    """The check above can fail: a unit naming a program that does not exist does not pass."""
    text = (DEPLOY / "systemd" / "peoples-daily@.service").read_text()
    (tmp_path / "peoples-daily@people.service").write_text(text)  # /opt/… does not exist here
    verified = subprocess.run(
        [systemd_analyze, "verify", "--man=no", "peoples-daily@people.service"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert verified.returncode != 0


def cron_commands(output: Path) -> dict[str, str]:
    """spider → the shell command of its cron line."""
    commands = {}
    for line in (DEPLOY / "cron" / "peoples-daily.cron").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(None, 6)  # m h dom mon dow user command
        command = localised(fields[6], output)
        (spider,) = re.findall(r"scrapy crawl (\w+)", command)
        commands[spider] = command.replace(f"crawl {spider}", f"crawl {spider} {FAST}")
    return commands


def test_the_cron_line_runs_and_its_lock_keeps_a_second_one_out(
    site: SampleSite, tmp_path: Path
) -> None:
    if shutil.which("flock") is None:
        pytest.skip("flock(1) is not installed on this machine")
    commands = cron_commands(tmp_path)
    assert set(commands) == {"people", "paper"}
    env = {**scrapy_env(site.proxy_url), "PATH": f"{BIN}:{os.environ['PATH']}"}
    run = functools.partial(subprocess.run, env=env, capture_output=True, text=True, timeout=300)
    ran = run(["sh", "-c", commands["people"]])
    assert ran.returncode == 0, (tmp_path / "people.log").read_text()[-3000:]
    assert ran.stdout == ran.stderr == ""  # nothing for cron to mail
    assert articles(tmp_path) == 13
    runs = len(list((tmp_path / "runs").glob("*.json")))
    with (tmp_path / ".cron-people.lock").open("w") as held:  # a run still going
        fcntl.flock(held, fcntl.LOCK_EX)
        skipped = run(["sh", "-c", commands["people"]])
    assert skipped.stdout == ""  # flock -n: not started, and that is no failure (7)
    assert len(list((tmp_path / "runs").glob("*.json"))) == runs
    # A failing run says so in one line on stdout, which cron mails to MAILTO.
    failing = run(
        ["sh", "-c", commands["people"].replace("crawl people", "crawl people -a since=x")]
    )
    assert failing.stdout.startswith("peoples-daily people: exit status 2, see "), failing.stdout
    assert failing.stdout.count("\n") == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=30) as response:
        return json.loads(response.read())


def test_scrapyd_deploy_and_a_job_through_schedule_json(site: SampleSite, tmp_path: Path) -> None:
    egg = tmp_path / "project.egg"
    built = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]

    port = free_port()
    server_dir = tmp_path / "scrapyd"
    server_dir.mkdir()
    (server_dir / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\n"
        "logs_dir = logs\ndbs_dir = dbs\nitems_dir =\nmax_proc = 1\n"
    )
    server = subprocess.Popen(
        [str(BIN / "scrapyd")],
        cwd=server_dir,
        env=scrapy_env(site.proxy_url),  # jobs inherit it: they reach the sample site
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/daemonstatus.json", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        # Deploy with scrapyd-deploy itself, to a target named in a scrapy.cfg.
        client = tmp_path / "client"
        client.mkdir()
        (client / "scrapy.cfg").write_text(
            f"[deploy:test]\nurl = {base}/\nproject = peoples_daily\n"
        )
        deployed = subprocess.run(
            [str(BIN / "scrapyd-deploy"), "test", "--egg", str(egg)],
            cwd=client, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert deployed.returncode == 0 and '"status": "ok"' in deployed.stdout, deployed.stdout

        # The shipped schedule.json example, with the output pointed here and no delays.
        example = (DEPLOY / "scrapyd" / "schedule.sh").read_text().splitlines()
        curl = "\n".join(line for line in example if not line.lstrip().startswith("#"))
        fields = [tuple(f.split("=", 1)) for f in re.findall(r"-d (\S+)", curl)]
        output = tmp_path / "srv"
        fields = [(k, localised(v, output)) for k, v in fields] + [
            ("setting", s) for s in FAST.replace("-s ", "").split()
        ]
        job = post(base + "/schedule.json", fields)  # type: ignore[arg-type]
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 240
        while True:
            jobs = json.loads(urllib.request.urlopen(f"{base}/listjobs.json").read())
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            assert time.monotonic() < deadline, jobs
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    (log,) = (server_dir / "logs").rglob(f"{job['jobid']}.log")
    assert "exit status 0 (OK: finished)" in log.read_text()
    assert articles(output) > 0
    record = json.loads(next((output / "runs").glob("*.json")).read_text())
    assert record["spider"] == "people" and record["exit_status"] == 0
