# Runs a candidate's Python solution against test inputs, one JSON line of
# results per test on fd 3, inside bubblewrap (see confinement/bwrap-command.ts).
# The rlimits and the audit hook below are a second layer: the namespaces and
# the seccomp filter hold even when a program switches the hook off. The
# parent compares values; nothing here decides pass or fail, so a program that
# forges this output gains no more than one that hard-codes answers.
import json, os, resource, signal, sys, time

def not_dumpable():
    # PR_SET_DUMPABLE 0: no core, and /proc/<pid>/mem and ptrace are closed to other processes
    # of the same user. ctypes is dropped again before the candidate's code runs.
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
    for name in [m for m in sys.modules if m == "ctypes" or m.startswith("ctypes.") or m == "_ctypes"]:
        del sys.modules[name]

def main():
    out = os.fdopen(3, "w", buffering=1)
    # Only stdin, stdout, stderr and the result channel stay open.
    os.closerange(4, 1024)
    job = json.loads(sys.stdin.readline())
    sys.stdin.close()
    not_dumpable()
    workdir = os.path.realpath(os.getcwd())
    mem = job["memoryBytes"]
    value_bytes = job["valueBytes"]
    # Candidates' code yields the CPU to the service that runs it.
    os.nice(10)
    for limit, value in (
        (resource.RLIMIT_AS, mem),
        (resource.RLIMIT_CPU, job["cpuSeconds"]),
        (resource.RLIMIT_NPROC, 0),
        (resource.RLIMIT_NOFILE, 16),
        (resource.RLIMIT_FSIZE, job["fileBytes"]),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(limit, (value, value))

    denied = {"os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
              "subprocess.Popen", "socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
              "ctypes.dlopen", "ctypes.cdata", "os.kill", "os.putenv"}
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def audit(event, args):
        if event in denied:
            raise PermissionError(f"{event} is not allowed in the sandbox")
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & write_flags)
            if writing and isinstance(path, (str, bytes)):
                real = os.path.realpath(os.fsdecode(path))
                if real != workdir and not real.startswith(workdir + os.sep):
                    raise PermissionError(f"writing outside the sandbox folder is not allowed: {real}")
        if event in ("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.chmod", "os.chown"):
            for arg in args:
                if isinstance(arg, (str, bytes)):
                    real = os.path.realpath(os.fsdecode(arg))
                    if not real.startswith(workdir + os.sep):
                        raise PermissionError(f"{event} outside the sandbox folder is not allowed")

    class TestTimeout(BaseException):
        pass

    def on_alarm(signum, frame):
        raise TestTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    per_test = job["perTestMs"] / 1000.0
    namespace = {"__name__": "__main__"}
    send = out.write
    sys.addaudithook(audit)

    try:
        code = compile(job["code"], "solution.py", "exec")
        signal.setitimer(signal.ITIMER_REAL, per_test)
        exec(code, namespace)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except TestTimeout:
        send(json.dumps({"setup": "timeout", "error": "top-level code exceeded the time limit"}) + "\n")
        return
    except SyntaxError as e:
        send(json.dumps({"setup": "error", "error": f"SyntaxError: {e.msg} (line {e.lineno})"}) + "\n")
        return
    except BaseException as e:
        send(json.dumps({"setup": "error", "error": f"{type(e).__name__}: {e}"[:300]}) + "\n")
        return
    fn = namespace.get(job["entryPoint"])
    if not callable(fn):
        send(json.dumps({"setup": "error", "error": f"entry point {job['entryPoint']} is not defined"}) + "\n")
        return
    send(json.dumps({"setup": "ok"}) + "\n")

    for args in job["tests"]:
        started = time.perf_counter()
        try:
            signal.setitimer(signal.ITIMER_REAL, per_test)
            value = fn(*args)
            signal.setitimer(signal.ITIMER_REAL, 0)
            ms = round((time.perf_counter() - started) * 1000)
            try:
                text = json.dumps(value, allow_nan=True)
                if len(text) > value_bytes:
                    line = json.dumps({"status": "too_large", "preview": text[:256], "ms": ms})
                else:
                    line = json.dumps({"status": "ok", "value": value, "ms": ms}, allow_nan=True)
            except (TypeError, ValueError, RecursionError):
                line = json.dumps({"status": "error", "error": f"result is not JSON: {type(value).__name__}", "ms": ms})
        except TestTimeout:
            line = json.dumps({"status": "timeout", "ms": round((time.perf_counter() - started) * 1000)})
        except MemoryError:
            signal.setitimer(signal.ITIMER_REAL, 0)
            line = json.dumps({"status": "error", "error": "memory limit exceeded", "ms": 0})
        except BaseException as e:
            signal.setitimer(signal.ITIMER_REAL, 0)
            line = json.dumps({"status": "error", "error": f"{type(e).__name__}: {e}"[:300],
                               "ms": round((time.perf_counter() - started) * 1000)})
        send(line + "\n")

main()
