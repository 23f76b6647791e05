/**
 * The program Judge0 runs for a Python answer. It reads the job (the
 * candidate's code, the entry point, each test's arguments and the limits)
 * from stdin, runs each test under its own timer and writes one JSON line per
 * test to stdout. What the candidate prints goes to stderr, bounded. Values
 * are compared by the caller, so a program that forges these lines gains no
 * more than one that hard-codes answers. Python 3.8 (Judge0 CE's Python 3)
 * and later; isolate, not this file, confines the program.
 */
export const pythonHarness = String.raw`
import json, os, signal, sys, time

class _TestTimeout(BaseException):
    pass

class _OutputLimit(BaseException):
    pass

def _main():
    job = json.loads(sys.stdin.read())
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    started = time.monotonic()
    budget = {"printed": 0, "report": 0, "exceeded": False}

    class Bounded:
        def __init__(self, stream):
            self.stream = stream
        def write(self, text):
            if budget["exceeded"]:
                raise _OutputLimit()
            data = str(text).encode("utf-8", "replace")
            room = job["outputBytes"] - budget["printed"]
            if len(data) > room:
                self.stream.flush()
                self.stream.buffer.write(data[:max(room, 0)])
                self.stream.flush()
                budget["printed"] = job["outputBytes"]
                budget["exceeded"] = True
                raise _OutputLimit()
            budget["printed"] += len(data)
            self.stream.write(str(text))
            return len(text)
        def flush(self):
            self.stream.flush()

    sys.stdout = Bounded(sys.stderr)
    sys.stderr = sys.stdout

    def send(message):
        line = json.dumps(message, allow_nan=False)
        if len(line) > job["valueBytes"]:
            line = json.dumps({"status": "error", "ms": message.get("ms", 0),
                               "error": "the return value is larger than %d bytes" % job["valueBytes"]})
        if budget["report"] + len(line) + 1 > job["reportBytes"]:
            line = json.dumps({"status": "error", "ms": 0, "error": "the results are larger than %d bytes" % job["reportBytes"]})
        budget["report"] += len(line) + 1
        results.write(line + "\n")
        results.flush()

    def on_alarm(signum, frame):
        raise _TestTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    per_test = job["perTestMs"] / 1000.0
    namespace = {"__name__": "__main__"}
    try:
        code = compile(job["code"], "solution.py", "exec")
        signal.setitimer(signal.ITIMER_REAL, per_test)
        exec(code, namespace)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except _TestTimeout:
        send({"setup": "timeout", "error": "top-level code exceeded the time limit"})
        return
    except _OutputLimit:
        signal.setitimer(signal.ITIMER_REAL, 0)
        send({"setup": "error", "error": "output limit exceeded", "output": "exceeded"})
        return
    except SyntaxError as e:
        send({"setup": "error", "error": "SyntaxError: %s (line %s)" % (e.msg, e.lineno)})
        return
    except BaseException as e:
        signal.setitimer(signal.ITIMER_REAL, 0)
        send({"setup": "error", "error": ("%s: %s" % (type(e).__name__, e))[:300]})
        return
    fn = namespace.get(job["entryPoint"])
    if not callable(fn):
        send({"setup": "error", "error": "entry point %s is not defined" % job["entryPoint"]})
        return
    send({"setup": "ok"})

    for args in job["tests"]:
        if (time.monotonic() - started) * 1000 > job["totalMs"]:
            send({"status": "error", "ms": 0, "error": "total time limit reached"})
            continue
        begun = time.perf_counter()
        ms = lambda: round((time.perf_counter() - begun) * 1000)
        try:
            signal.setitimer(signal.ITIMER_REAL, per_test)
            value = fn(*args)
            signal.setitimer(signal.ITIMER_REAL, 0)
            try:
                send({"status": "ok", "value": value, "ms": ms()})
            except (TypeError, ValueError, RecursionError):
                send({"status": "error", "error": "result is not JSON: %s" % type(value).__name__, "ms": ms()})
        except _TestTimeout:
            send({"status": "timeout", "ms": ms()})
        except _OutputLimit:
            signal.setitimer(signal.ITIMER_REAL, 0)
            send({"status": "error", "error": "output limit exceeded", "ms": ms(), "output": "exceeded"})
            return
        except MemoryError:
            signal.setitimer(signal.ITIMER_REAL, 0)
            send({"status": "error", "error": "memory limit exceeded", "ms": ms()})
        except BaseException as e:
            signal.setitimer(signal.ITIMER_REAL, 0)
            send({"status": "error", "error": ("%s: %s" % (type(e).__name__, e))[:300], "ms": ms()})

_main()
`;
