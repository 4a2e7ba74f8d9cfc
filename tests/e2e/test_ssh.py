"""End to end over SSH: csto-tui on the far side of a real `sshd`, and the connection dropped.

The test starts its own sshd on 127.0.0.1 on a free port, as whoever runs the tests (root
in CI, where sshd needs its privilege separation directory; anyone else, in sshd's
unprivileged mode), with a throwaway host key and client key in a temporary folder. In a
tmux pane, an interactive bash runs `ssh -tt` to it; on the far side another interactive
bash runs csto-tui as a job, as a user would. The test searches, opens a detail, then
SIGKILLs the ssh client (a dropped connection: sshd hangs up the far terminal, whose shell
passes SIGHUP on). No csto-tui may be left behind, and the near terminal is usable again.

Skipped, with the reason, only where sshd cannot run at all: not installed, or no port to
bind on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .tmux import (
    BASH,
    STARTUP,
    TIMEOUT,
    TMUX,
    Data,
    Pane,
    alive,
    assert_no_processes_left,
    assert_no_traceback,
    assert_shell_usable,
    count_shown,
    csto_tui_binary,
    search,
    shell_stty,
    wait_until,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

SBIN = "/usr/sbin:/usr/local/sbin:/sbin:/usr/bin:/bin"
REMOTE_PROMPT = "remote$"

SSHD_CONFIG = """\
ListenAddress 127.0.0.1
Port {port}
HostKey {dir}/host_key
AuthorizedKeysFile {dir}/authorized_keys
PidFile {dir}/sshd.pid
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PrintMotd no
PrintLastLog no
LoginGraceTime 30
"""

# csto-tui on the far side: its status is recorded even when the hangup reaches this
# script too (a trap, not an ignored signal: csto-tui gets SIGHUP's default disposition).
REMOTE_APP = """\
trap : HUP
cd {workdir}
env -i {assigns} "TERM=$TERM" "HOME=$PWD" \\
    sh -c 'echo $$ > pid.tmp; mv pid.tmp pid; exec "$0"' {binary}
echo $? > app-status.tmp; mv app-status.tmp app-status
"""


@dataclass(frozen=True)
class Sshd:
    port: int
    client_key: Path
    log: Path

    def ssh_command(self, remote: str, *, tty: bool = True) -> list[str]:
        """The ssh client, with no user or system configuration, to `remote` on this sshd."""
        return [
            shutil.which("ssh") or "ssh", "-tt" if tty else "-T", "-F", "/dev/null",
            "-i", str(self.client_key),
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-p", str(self.port), "127.0.0.1", remote,
        ]  # fmt: skip


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(proc: subprocess.Popen[bytes], log: Path, port: int) -> str | None:
    """None once sshd listens; else what it said before it exited."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if f"Server listening on 127.0.0.1 port {port}" in text:
            return None
        if proc.poll() is not None:
            return log.read_text(errors="replace").strip() or f"exit status {proc.returncode}"
        time.sleep(0.05)
    return f"not listening after {TIMEOUT:.0f}s:\n{log.read_text(errors='replace')}"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()  # by its pid: only the listener this test started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    daemon = shutil.which("sshd", path=SBIN)  # sshd runs only when started by absolute path
    if daemon is None:
        pytest.skip("sshd is not installed (.ci/run installs openssh-server)")
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (.ci/run installs openssh-client)")
    if BASH is None:
        pytest.skip("bash is not installed")
    folder = tmp_path_factory.mktemp("sshd")
    for key in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "csto-e2e",
                        "-f", str(folder / key)], check=True, timeout=TIMEOUT)  # fmt: skip
    shutil.copyfile(folder / "client_key.pub", folder / "authorized_keys")
    config = folder / "sshd_config"
    log = folder / "sshd.log"

    problem = ""
    for _attempt in range(5):  # a free port may be taken before sshd binds it
        port = _free_port()
        config.write_text(SSHD_CONFIG.format(port=port, dir=folder))
        # As root, sshd wants its privilege separation directory (made at boot by the
        # service, which a container never starts); as anyone else it does without.
        check = subprocess.run([daemon, "-t", "-f", str(config)], capture_output=True,
                               text=True, timeout=TIMEOUT, check=False)  # fmt: skip
        missing = re.search(r"Missing privilege separation directory: (\S+)", check.stderr)
        if missing and os.geteuid() == 0:
            os.makedirs(missing.group(1), mode=0o755, exist_ok=True)
            check = subprocess.run([daemon, "-t", "-f", str(config)], capture_output=True,
                                   text=True, timeout=TIMEOUT, check=False)  # fmt: skip
        if check.returncode != 0:
            pytest.fail(f"sshd refuses its configuration:\n{check.stderr}")
        with log.open("wb") as err:
            proc = subprocess.Popen([daemon, "-D", "-e", "-f", str(config)],
                                    stdin=subprocess.DEVNULL, stdout=err, stderr=err)  # fmt: skip
        problem = _wait_listening(proc, log, port) or ""
        if not problem:
            break
        _stop(proc)
        if not re.search(r"[Bb]ind|[Aa]ddress already in use", problem):
            pytest.fail(f"sshd did not start:\n{problem}")
    else:
        pytest.skip(f"sshd cannot listen on 127.0.0.1: {problem.splitlines()[-1]}")

    server = Sshd(port, folder / "client_key", log)
    try:
        # A login with a terminal, as the test's: sshd not run by root can hand one over
        # only where the pseudo-terminals it gets already belong to the group tty (devpts
        # mounted with gid=5, as on any Linux host; not in some containers).
        login = subprocess.run(server.ssh_command("echo logged-in"), stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=3 * TIMEOUT,
                               check=False)  # fmt: skip
        said = log.read_text(errors="replace")
        pty = re.search(r"chown\(/dev/pts/[^)]*\) failed: .*", said)
        if "logged-in" not in login.stdout and pty and os.geteuid() != 0:
            pytest.skip(f"sshd, not run by root, cannot hand over a terminal here: {pty[0]}")
        assert "logged-in" in login.stdout, (
            f"cannot log in over ssh as uid {os.geteuid()}: {login.stderr.strip()}\n"
            f"sshd says:\n{said}"
        )
        yield server
    finally:
        _stop(proc)


def test_dropped_connection_leaves_no_process_and_a_usable_terminal(
    pane: Pane, data: Data, sshd: Sshd
) -> None:
    workdir = pane.workdir
    assigns = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "CSTO_TUI_CACHE_DIR": os.environ["CSTO_TUI_CACHE_DIR"],  # the tests' (tests/conftest.py)
        "CSTO_E2E_TOKEN": pane.token,
    }
    (workdir / "remote-app.sh").write_text(REMOTE_APP.format(
        workdir=shlex.quote(str(workdir)), binary=shlex.quote(csto_tui_binary()),
        assigns=" ".join(shlex.quote(f"{k}={v}") for k, v in assigns.items()),
    ))  # fmt: skip
    remote_shell = (f"exec env PS1={shlex.quote(REMOTE_PROMPT + ' ')} HISTFILE=/dev/null "
                    f"{BASH} --norc --noprofile -i")  # fmt: skip
    ssh = shlex.join(sshd.ssh_command(remote_shell))
    (workdir / "ssh.sh").write_text(f"echo $$ > ssh.pid.tmp; mv ssh.pid.tmp ssh.pid\nexec {ssh}\n")

    pane.start_shell()
    before = shell_stty(pane, "stty-before.txt")
    pane.run("sh ssh.sh")
    ssh_pid = int(pane.wait_file("ssh.pid"))
    pane.wait_prompt(REMOTE_PROMPT, timeout=STARTUP)
    pane.run(f"sh {shlex.quote(str(workdir / 'remote-app.sh'))}")

    # Over ssh as locally: the timeline, a search, the detail.
    every = count_shown(data.total, data.total)
    pane.wait(lambda s: every.search(s) and data.first_title[:30] in s, "the timeline",
              timeout=STARTUP)  # fmt: skip
    app_pid = pane.pid()
    shown = search(pane, data, "channel")
    pane.keys("Enter")
    pane.wait(lambda s: re.search(rf"^▶ Detail +1 of {shown} *$", s, re.M) and
              "Timeline" not in s, "the detail, full screen")  # fmt: skip

    # The connection drops.
    os.kill(ssh_pid, signal.SIGKILL)
    assert_no_processes_left(pane.token, timeout=10)
    wait_until(lambda: not alive(app_pid), "csto-tui to finish exiting", 10)
    status = pane.wait_file("app-status", timeout=10)
    assert status == str(128 + signal.SIGHUP), (
        f"csto-tui exited with {status} after the hangup (129: by its SIGHUP handler)"
    )

    # The near side: bash is back at its prompt, runs what is typed, the terminal's mode is
    # the one from before ssh (bash restores it: ssh, killed, could not). What the far app
    # had switched on in the terminal (alternate screen, mouse) stays on: nobody is left to
    # switch it off, as with any program on a dropped connection.
    assert_shell_usable(pane)
    assert shell_stty(pane, "stty-after.txt") == before
    assert_no_traceback(pane)
