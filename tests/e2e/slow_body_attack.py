#!/usr/bin/python3
"""Slow-body attack on the real motcua-server (issue 14, finding 1).

Without any token, 10 TCP connections each open 50 HTTP/2 streams, announce
a 4 MB gRPC message and send as much of it as the flow-control windows
allow, never the last byte. Before the server's defences this took it from
225 MB to 2,115 MB in 3.3 s, and it stayed there.

Two targets (--path):
- a method that needs a token (DossierService/ReceiveDossier, the
  default): the server refuses each call from its headers, before gRPC
  reads its body (server/call_gate.h), so no body is ever buffered;
- the public lookup (DossierService/LookupDossierStatus): each client
  address may have --lookups_in_progress_per_address lookups (4) admitted
  at a time, and only an admitted lookup has its body read
  (server/lookup_call.h); the others are refused from their headers.

The test starts the server with a small memory budget (--memory_quota_mb=64
--block_cache_mb=16), samples its resident memory (VmRSS) every 100 ms
during the attack, and fails when ANY sample (or the process's high-water
mark, VmHWM) exceeds the budget, or when a well-behaved client (the motcua
CLI, with the admin token) is not answered while the attack runs. One run,
no retries.

The budget (README, Security): memory_quota_mb + block_cache_mb + 64 MiB
for the process itself (an idle server with these flags holds about 33 MB)
= 144 MB here.

Usage (CTest: security_slow_body_attack, security_slow_body_attack_lookup):
  /usr/bin/python3 slow_body_attack.py SERVER_BINARY CLI_BINARY DATA_FOLDER \
      [--path=/motcua.v1.DossierService/LookupDossierStatus]

Runs on loopback only; bounded in time (about 8 s of attack; at most
MAX_SENDS socket writes).
"""

import argparse
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

try:
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions
    import h2.settings
except ImportError as e:
    print(f"slow_body_attack: FAIL: the HTTP/2 library is missing ({e}).\n"
          "Install Debian's python3-h2 (apt-get install python3-h2; it is in "
          "scripts/setup.sh) and run this with /usr/bin/python3.",
          file=sys.stderr)
    sys.exit(1)

CONNECTIONS = 10
STREAMS_PER_CONNECTION = 50
ANNOUNCED = 4 * 1024 * 1024          # the gRPC length prefix: 4 MB
MESSAGE = 5 + ANNOUNCED              # prefix + body; the last byte is never sent
ATTACK_SECONDS = 8.0
GOOD_CLIENT_AFTER_SECONDS = 2.0      # into the attack, when pressure is highest
GOOD_CLIENT_TIMEOUT_SECONDS = 30.0
GOOD_CLIENT_ATTEMPTS = 3               # UNAVAILABLE is retried, as clients do
MAX_SENDS = 200_000                  # socket writes, all connections together
OUTBOUND_HIGH_WATER = 1 << 20        # unsent bytes per connection before pausing
SAMPLE_SECONDS = 0.1
LOOKUP_PATH = "/motcua.v1.DossierService/LookupDossierStatus"
INITIAL_WINDOW = 64 * 1024           # the server's --stream_window_kb=64
LOOKUPS_IN_PROGRESS = 4              # --lookups_in_progress_per_address

DEFAULT_QUOTA_MB = 64
DEFAULT_BLOCK_CACHE_MB = 16
PROCESS_ALLOWANCE_MB = 64            # README, Security: the memory budget


def log(msg):
    print(f"slow_body_attack: {msg}", flush=True)


def rss_kb(pid, field="VmRSS"):
    """The process's resident memory (or VmHWM) in kB; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def mb(kb):
    return "?" if kb is None else f"{kb / 1024:.1f} MB"


class Server:
    """motcua-server on 127.0.0.1:0 with a fresh data folder."""

    def __init__(self, binary, data_folder, workdir, flags):
        self.data_dir = os.path.join(workdir, "data")
        os.mkdir(self.data_dir, 0o700)
        os.chmod(self.data_dir, 0o700)  # the server refuses a shared folder
        self.stderr_path = os.path.join(workdir, "server.stderr")
        self.stderr = open(self.stderr_path, "wb")
        argv = [binary,
                f"--calendar_dir={data_folder}/calendar",
                f"--demo_catalogue={data_folder}/demo/catalogue.json",
                f"--data_dir={self.data_dir}",
                "--listen=127.0.0.1:0",
                "--http_listen="] + flags
        log("starting " + " ".join(argv))
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self.output = []
        self.address = None
        found = threading.Event()

        def read_stdout():
            prefix = "motcua-server listening on "
            for raw in self.proc.stdout:
                line = raw.decode(errors="replace").rstrip("\n")
                self.output.append(line)
                if self.address is None and line.startswith(prefix):
                    self.address = line[len(prefix):].split()[0]
                    found.set()
            found.set()  # end of output: the server exited

        threading.Thread(target=read_stdout, daemon=True).start()
        found.wait(timeout=30)
        if self.address is None:
            raise RuntimeError("the server did not say where it listens; "
                               "stdout: " + " | ".join(self.output) +
                               "; stderr: " + self.stderr_tail())

    @property
    def pid(self):
        return self.proc.pid

    def stderr_tail(self, limit=2000):
        if not self.stderr.closed:
            self.stderr.flush()
        try:
            with open(self.stderr_path, "rb") as f:
                data = f.read()
        except OSError:
            return ""
        return data[-limit:].decode(errors="replace")

    def stop(self):
        """SIGTERM, then SIGKILL; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log("server ignored SIGTERM for 15 s: SIGKILL")
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.stderr.close()
        return self.proc.returncode


class AttackConnection:
    """One TCP connection, STREAMS_PER_CONNECTION slow bodies, no token."""

    def __init__(self, host, port, stats, path):
        self.stats = stats
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.setblocking(False)
        self.h2 = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=True,
                                             header_encoding="utf-8"))
        self.h2.initiate_connection()
        self.outbound = bytearray()
        self.closed = False
        self.streams = {}  # stream id -> body bytes handed to h2
        for _ in range(STREAMS_PER_CONNECTION):
            sid = self.h2.get_next_available_stream_id()
            self.h2.send_headers(sid, [
                (":method", "POST"),
                (":scheme", "http"),
                (":path", path),
                (":authority", f"{host}:{port}"),
                ("content-type", "application/grpc"),
                ("te", "trailers"),
            ])
            self.streams[sid] = 0
            stats["streams_opened"] += 1
        self.outbound += self.h2.data_to_send()

    def on_readable(self):
        try:
            data = self.sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.close("closed by the server")
            return
        self.stats["bytes_received"] += len(data)
        try:
            events = self.h2.receive_data(data)
        except h2.exceptions.ProtocolError as e:
            self.close(f"protocol error: {e}")
            return
        for ev in events:
            if isinstance(ev, h2.events.WindowUpdated):
                self.stats["window_updates"] += 1
            elif isinstance(ev, h2.events.StreamReset):
                self.stats["streams_reset"] += 1
                code = getattr(ev.error_code, "name", str(ev.error_code))
                self.stats["reset_codes"][code] = \
                    self.stats["reset_codes"].get(code, 0) + 1
                self.streams.pop(ev.stream_id, None)
            elif isinstance(ev, h2.events.TrailersReceived):
                self.stats["streams_answered"] += 1
                status = dict(ev.headers).get("grpc-status", "?")
                self.stats["grpc_status"][status] = \
                    self.stats["grpc_status"].get(status, 0) + 1
            elif isinstance(ev, h2.events.ResponseReceived):
                status = dict(ev.headers).get("grpc-status")
                if status is not None:  # trailers-only response
                    self.stats["streams_answered"] += 1
                    self.stats["grpc_status"][status] = \
                        self.stats["grpc_status"].get(status, 0) + 1
            elif isinstance(ev, h2.events.StreamEnded):
                self.streams.pop(ev.stream_id, None)
            elif isinstance(ev, h2.events.DataReceived):
                self.h2.acknowledge_received_data(
                    ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.ConnectionTerminated):
                self.stats["goaways"] += 1
                code = getattr(ev.error_code, "name", str(ev.error_code))
                self.stats["goaway_codes"][code] = \
                    self.stats["goaway_codes"].get(code, 0) + 1
        self.outbound += self.h2.data_to_send()

    def queue_body(self):
        """Hands h2 as much body as the windows allow, never the last byte."""
        if self.closed or len(self.outbound) >= OUTBOUND_HIGH_WATER:
            return
        for sid in list(self.streams):
            if len(self.outbound) >= OUTBOUND_HIGH_WATER:
                break
            sent = self.streams[sid]
            remaining = MESSAGE - 1 - sent
            if remaining <= 0:
                continue
            try:
                window = self.h2.local_flow_control_window(sid)
            except (h2.exceptions.StreamClosedError,
                    h2.exceptions.NoSuchStreamError, KeyError):
                self.streams.pop(sid, None)
                continue
            self.stats["max_stream_window"] = max(
                self.stats["max_stream_window"], sent + window)
            if sent + window > INITIAL_WINDOW:
                self.stats["streams_read"].add((id(self), sid))
            n = min(window, self.h2.max_outbound_frame_size, remaining)
            if n <= 0:
                continue
            if sent == 0:
                chunk = b"\x00" + ANNOUNCED.to_bytes(4, "big")
                chunk += bytes(n - len(chunk)) if n > len(chunk) else b""
                chunk = chunk[:n]
            else:
                chunk = bytes(n)
            try:
                self.h2.send_data(sid, chunk)
            except (h2.exceptions.StreamClosedError,
                    h2.exceptions.FlowControlError,
                    h2.exceptions.ProtocolError):
                self.streams.pop(sid, None)
                continue
            self.streams[sid] = sent + n
            self.stats["body_bytes_queued"] += n
        self.outbound += self.h2.data_to_send()

    def flush(self):
        """One socket write; returns whether it was attempted."""
        if self.closed or not self.outbound:
            return False
        try:
            n = self.sock.send(self.outbound)
        except BlockingIOError:
            return True
        except OSError as e:
            self.close(f"send failed: {e}")
            return True
        del self.outbound[:n]
        self.stats["bytes_sent"] += n
        return True

    def close(self, why=None):
        if self.closed:
            return
        self.closed = True
        if why:
            self.stats["connections_closed"][why] = \
                self.stats["connections_closed"].get(why, 0) + 1
        try:
            self.sock.close()
        except OSError:
            pass


def lookup_from(source, host, port, timeout=10.0):
    """One complete public lookup over raw HTTP/2 from the loopback address
    `source` (127.0.0.2: not the attacker's); returns its grpc-status."""
    sock = socket.create_connection((host, port), timeout=timeout,
                                    source_address=(source, 0))
    conn = h2.connection.H2Connection(
        config=h2.config.H2Configuration(client_side=True,
                                         header_encoding="utf-8"))
    conn.initiate_connection()
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, [(":method", "POST"), (":scheme", "http"),
                            (":path", LOOKUP_PATH),
                            (":authority", f"{host}:{port}"),
                            ("content-type", "application/grpc"),
                            ("te", "trailers")])
    # code = 1: "H29.18070-251201-0001", applicant_id_number = 2.
    code, id_number = b"H29.18070-251201-0001", b"042190005678"
    body = (b"\x0a" + bytes([len(code)]) + code +
            b"\x12" + bytes([len(id_number)]) + id_number)
    conn.send_data(sid, b"\x00" + len(body).to_bytes(4, "big") + body,
                   end_stream=True)
    sock.sendall(conn.data_to_send())
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            data = sock.recv(1 << 16)
            if not data:
                return None
            for ev in conn.receive_data(data):
                headers = None
                if isinstance(ev, (h2.events.TrailersReceived,
                                   h2.events.ResponseReceived)):
                    headers = dict(ev.headers)
                if headers and "grpc-status" in headers:
                    return headers["grpc-status"]
            sock.sendall(conn.data_to_send())
    finally:
        sock.close()
    return None


def run_good_client(cli, address, token, result):
    """One cheap authenticated read with the CLI; an UNAVAILABLE answer is
    retried, as a well-behaved client does, up to GOOD_CLIENT_ATTEMPTS
    times (under memory pressure gRPC 1.51 sends GOAWAY "Buffers full" to
    connections without calls, which a new client's connection may be)."""
    argv = [cli, f"--addr={address}", f"--token={token}",
            "catalogue", "procedures"]
    start = time.monotonic()
    result["attempts"] = 0
    result["unavailable"] = []
    while True:
        result["attempts"] += 1
        left = GOOD_CLIENT_TIMEOUT_SECONDS - (time.monotonic() - start)
        try:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=max(left, 1))
            result["exit"] = r.returncode
            result["stdout"] = r.stdout.decode(errors="replace")
            result["stderr"] = r.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            result["exit"] = None
            result["stderr"] = (f"no answer within "
                                f"{GOOD_CLIENT_TIMEOUT_SECONDS} s")
            break
        if (r.returncode == 0 or "UNAVAILABLE" not in result["stderr"] or
                result["attempts"] >= GOOD_CLIENT_ATTEMPTS):
            break
        result["unavailable"].append(result["stderr"].strip())
        time.sleep(0.1)
    result["seconds"] = time.monotonic() - start


def attack(server, cli, token, path):
    host, port = server.address.rsplit(":", 1)
    port = int(port)
    stats = {"streams_opened": 0, "streams_reset": 0, "streams_answered": 0,
             "window_updates": 0, "goaways": 0, "bytes_sent": 0,
             "bytes_received": 0, "body_bytes_queued": 0, "sends": 0,
             "max_stream_window": 0, "streams_read": set(),
             "reset_codes": {}, "grpc_status": {}, "goaway_codes": {},
             "connections_closed": {}}
    samples = []
    stop_sampling = threading.Event()

    def sample():
        while not stop_sampling.is_set():
            kb = rss_kb(server.pid)
            if kb is not None:
                samples.append((time.monotonic(), kb))
            stop_sampling.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    conns = []
    good = {}
    good_thread = threading.Thread(
        target=run_good_client, args=(cli, server.address, token, good),
        daemon=True)
    other = {}

    def other_lookup():
        try:
            other["status"] = lookup_from("127.0.0.2", host, port)
        except OSError as e:
            other["status"] = f"error: {e}"

    other_thread = threading.Thread(target=other_lookup, daemon=True)
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    sampler.start()
    try:
        for _ in range(CONNECTIONS):
            c = AttackConnection(host, port, stats, path)
            conns.append(c)
            sel.register(c.sock, selectors.EVENT_READ, c)
        good_started = False
        while True:
            elapsed = time.monotonic() - start
            if not good_started and elapsed >= GOOD_CLIENT_AFTER_SECONDS:
                good_thread.start()
                good_started = True
                if path == LOOKUP_PATH:
                    other_thread.start()
            attacking = (elapsed < ATTACK_SECONDS and
                         stats["sends"] < MAX_SENDS)
            # The attack connections stay open (and keep reading) until the
            # good client has its answer, even past ATTACK_SECONDS.
            if not attacking and good_started and not good_thread.is_alive():
                break
            if elapsed > ATTACK_SECONDS + GOOD_CLIENT_TIMEOUT_SECONDS + 5:
                break
            if all(c.closed for c in conns) and good_started and \
                    not good_thread.is_alive():
                break
            for key, _ in sel.select(timeout=0.005):
                c = key.data
                if not c.closed:
                    c.on_readable()
                    if c.closed:
                        sel.unregister(c.sock)
            for c in conns:
                if c.closed:
                    continue
                if attacking:
                    c.queue_body()
                if c.flush():
                    stats["sends"] += 1
                if c.closed:
                    try:
                        sel.unregister(c.sock)
                    except (KeyError, ValueError):
                        pass
        stats["attack_seconds"] = time.monotonic() - start
    finally:
        for c in conns:
            c.close()
        sel.close()
        if good_started:
            good_thread.join(timeout=GOOD_CLIENT_TIMEOUT_SECONDS + 5)
            if path == LOOKUP_PATH:
                other_thread.join(timeout=15)
                stats["other_address_lookup"] = other.get("status")
        stop_sampling.set()
        sampler.join(timeout=5)
    return stats, samples, good


def run_once():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("server")
    p.add_argument("cli")
    p.add_argument("data_folder")
    p.add_argument("--memory_quota_mb", type=int,
                   default=int(os.environ.get("MOTCUA_ATTACK_MEMORY_QUOTA_MB",
                                              DEFAULT_QUOTA_MB)),
                   help="the server's --memory_quota_mb")
    p.add_argument("--block_cache_mb", type=int,
                   default=DEFAULT_BLOCK_CACHE_MB)
    p.add_argument("--server_flag", action="append", default=[],
                   help="another flag for the server (repeatable)")
    p.add_argument("--path", default="/motcua.v1.DossierService/ReceiveDossier",
                   help="the method the attack calls")
    p.add_argument("--budget_mb", type=int, default=None,
                   help="the budget; default memory_quota_mb + "
                        f"block_cache_mb + {PROCESS_ALLOWANCE_MB}")
    args = p.parse_args()
    budget_mb = args.budget_mb
    if budget_mb is None:
        budget_mb = (args.memory_quota_mb + args.block_cache_mb +
                     PROCESS_ALLOWANCE_MB)

    flags = [f"--memory_quota_mb={args.memory_quota_mb}",
             f"--block_cache_mb={args.block_cache_mb}"] + args.server_flag
    workdir = tempfile.mkdtemp(prefix="motcua-slow-body-")
    os.chmod(workdir, 0o700)
    server = None
    failures = []
    try:
        server = Server(args.server, args.data_folder, workdir, flags)
        log(f"server pid {server.pid} listening on {server.address}")
        with open(os.path.join(server.data_dir, "initial-admin-token")) as f:
            token = f.read().strip()

        # A first call: the setup works, and a latency to compare with.
        baseline = {}
        run_good_client(args.cli, server.address, token, baseline)
        if baseline.get("exit") != 0:
            failures.append("the good client failed before the attack: "
                            f"exit {baseline.get('exit')}: "
                            f"{baseline.get('stderr', '').strip()}")
        time.sleep(0.5)
        before = rss_kb(server.pid)

        stats, samples, good = attack(server, args.cli, token, args.path)
        peak = max((kb for _, kb in samples), default=None)
        peak_at = next((t for t, kb in samples if kb == peak), None)
        time.sleep(2.0)
        after = rss_kb(server.pid)
        hwm = rss_kb(server.pid, "VmHWM")
        alive = server.proc.poll() is None

        first = samples[0][0] if samples else 0
        log("----- figures -----")
        log(f"server flags: {' '.join(flags)}")
        log(f"attack: {CONNECTIONS} connections x {STREAMS_PER_CONNECTION} "
            f"streams to {args.path}, each announcing {ANNOUNCED} bytes, "
            f"no token, "
            f"{stats['attack_seconds']:.1f} s, {stats['sends']} socket writes")
        log(f"RSS before the attack: {mb(before)}")
        log(f"RSS peak during the attack: {mb(peak)} "
            f"({len(samples)} samples every {SAMPLE_SECONDS * 1000:.0f} ms; "
            f"peak {0 if peak_at is None else peak_at - first:.1f} s in)")
        log(f"RSS 2 s after closing the attack connections: {mb(after)}")
        log(f"VmHWM (the process's high-water mark, startup included): "
            f"{mb(hwm)}")
        over = [(t - first, kb) for t, kb in samples
                if kb > budget_mb * 1024]
        how = ("given by --budget_mb" if args.budget_mb is not None else
               f"quota {args.memory_quota_mb} + block cache "
               f"{args.block_cache_mb} + process {PROCESS_ALLOWANCE_MB}")
        log(f"budget: {budget_mb} MB ({how}); "
            f"peak {mb(peak)} = {100 * (peak or 0) / (budget_mb * 1024):.0f}% "
            f"of it; {len(over)} of {len(samples)} samples over it")
        log(f"attacker sent {stats['bytes_sent']} bytes "
            f"({stats['bytes_sent'] / 1048576:.1f} MB) on the wire, "
            f"{stats['body_bytes_queued']} bytes of bodies "
            f"({stats['body_bytes_queued'] / 1048576:.1f} MB of "
            f"{CONNECTIONS * STREAMS_PER_CONNECTION * ANNOUNCED / 1048576:.0f}"
            f" MB announced)")
        log(f"largest body one stream was allowed to send: "
            f"{stats['max_stream_window']} bytes; streams whose body the "
            f"server read (window beyond {INITIAL_WINDOW}): "
            f"{len(stats['streams_read'])}")
        log(f"server frames: {stats['window_updates']} window updates, "
            f"{stats['streams_reset']} streams reset {stats['reset_codes']}, "
            f"{stats['streams_answered']} answered {stats['grpc_status']}, "
            f"{stats['goaways']} GOAWAY {stats['goaway_codes']}, "
            f"connections closed: {stats['connections_closed']}")
        if args.path == LOOKUP_PATH:
            log(f"a lookup from 127.0.0.2 during the attack: grpc-status "
                f"{stats.get('other_address_lookup')}")
        log(f"good client before the attack: exit {baseline.get('exit')}, "
            f"{baseline.get('seconds', 0) * 1000:.0f} ms")
        log(f"good client during the attack: exit {good.get('exit')}, "
            f"{good.get('seconds', 0) * 1000:.0f} ms, "
            f"{len(good.get('stdout', '').splitlines())} lines of output, "
            f"{good.get('attempts')} attempt(s)"
            + (f"; UNAVAILABLE before: {good['unavailable']}"
               if good.get("unavailable") else ""))
        timeline = " ".join(f"{kb / 1024:.0f}" for _, kb in samples[::5])
        log(f"RSS every 0.5 s (MB): {timeline}")

        if not alive:
            failures.append(f"the server died during the attack "
                            f"(exit {server.proc.returncode})")
        # VmHWM as well: it catches a spike between two samples (the idle
        # server's startup stays far below the budget).
        worst = max(peak or 0, hwm or 0)
        if peak is None:
            failures.append("no RSS sample of the server")
        elif over or worst > budget_mb * 1024:
            failures.append(f"peak RSS {mb(worst)} exceeds the budget of "
                            f"{budget_mb} MB ({len(over)} samples over it, "
                            f"the first {over[0][0] if over else 0:.1f} s in)")
        # A refused call's body is never read: its stream gets no window
        # beyond the one every stream starts with. Lookups: at most the
        # address's admitted ones are read.
        allowed = LOOKUPS_IN_PROGRESS if args.path == LOOKUP_PATH else 0
        if len(stats["streams_read"]) > allowed:
            failures.append(f"{len(stats['streams_read'])} streams without "
                            f"a token had their bodies read (windows beyond "
                            f"the initial {INITIAL_WINDOW} bytes); at most "
                            f"{allowed} may")
        if args.path == LOOKUP_PATH:
            # Another address is served while this one holds its places:
            # NOT_FOUND (5), as for any unknown code.
            if stats.get("other_address_lookup") != "5":
                failures.append("a lookup from 127.0.0.2 during the attack "
                                "got grpc-status "
                                f"{stats.get('other_address_lookup')}, not 5 "
                                "(NOT_FOUND)")
            # The admitted lookups that never sent their request are ended
            # after --lookup_request_timeout_seconds (DEADLINE_EXCEEDED, 4).
            if stats["grpc_status"].get("4", 0) < LOOKUPS_IN_PROGRESS:
                failures.append(f"{stats['grpc_status'].get('4', 0)} admitted "
                                f"lookups were ended for a late request, "
                                f"not {LOOKUPS_IN_PROGRESS}")
        if good.get("exit") != 0:
            failures.append("the good client was not answered during the "
                            f"attack: exit {good.get('exit')}: "
                            f"{good.get('stderr', '').strip()[:500]}")
        elif "1." not in good.get("stdout", ""):
            # The demo catalogue's procedure codes look like 1.000894.
            failures.append("the good client's answer lists no procedure: " +
                            good.get("stdout", "")[:300])
    except Exception as e:  # noqa: BLE001 - any error fails the test
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        if server is not None:
            code = server.stop()
            log(f"server stopped, exit code {code}")
            if failures:
                tail = server.stderr_tail()
                if tail:
                    log("server stderr (end):\n" + tail)
        shutil.rmtree(workdir, ignore_errors=True)

    if failures:
        for f in failures:
            log("FAIL: " + f)
        return 1
    log("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(run_once())
