/**
 * The program Judge0 runs for a C++ answer (Judge0 CE compiles main.cpp with
 * g++ and runs ./a.out, db/languages/active.rb). The answer shares the file:
 * a three-line prelude (the standard library, `using namespace std`, and the
 * program's stdout moved to stderr so results have a descriptor of their own),
 * then the answer, then the harness. The entry point is a free function or a
 * member of `Solution`; its parameter types, read at compile time, say how
 * each test's JSON arguments convert (integers, floating point, bool, char,
 * string, vector, map<string, T>). Each test runs in a forked child, so a
 * crash or a spin fails that test only; what it prints is forwarded within the
 * output budget. C++14 (Judge0 CE's GCC 9 default) and later; isolate, not
 * this file, confines the program.
 */
export const cppPrelude = `#include <bits/stdc++.h>
#include <unistd.h>
static int bb_redirect() { int fd = dup(1); dup2(2, 1); return fd; } static const int bb_results_fd = bb_redirect(); using namespace std;`;

export const cppHarness = String.raw`
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <tuple>
#include <type_traits>
#include <unistd.h>
#include <utility>
#include <vector>

namespace bb {
struct J {
  enum Kind { Null, Bool, Num, Str, Arr, Obj } kind = Null;
  bool b = false;
  double n = 0;
  long long i = 0;
  bool integral = false;
  std::string s;
  std::vector<J> a;
  std::vector<std::pair<std::string, J>> o;
  const J &at(const char *key) const {
    for (auto &p : o) if (p.first == key) return p.second;
    throw std::runtime_error(std::string("missing ") + key);
  }
};

struct Reader {
  const std::string &t;
  size_t p = 0;
  explicit Reader(const std::string &text) : t(text) {}
  void ws() { while (p < t.size() && std::isspace((unsigned char)t[p])) p++; }
  J value() {
    ws();
    J v;
    char c = t[p];
    if (c == '{') {
      v.kind = J::Obj; p++; ws();
      if (t[p] == '}') { p++; return v; }
      while (true) { ws(); J k = value(); ws(); p++; v.o.emplace_back(k.s, value()); ws(); if (t[p++] == '}') return v; }
    }
    if (c == '[') {
      v.kind = J::Arr; p++; ws();
      if (t[p] == ']') { p++; return v; }
      while (true) { v.a.push_back(value()); ws(); if (t[p++] == ']') return v; }
    }
    if (c == '"') {
      v.kind = J::Str; p++;
      while (t[p] != '"') {
        char d = t[p++];
        if (d != '\\') { v.s += d; continue; }
        char e = t[p++];
        if (e == 'n') v.s += '\n'; else if (e == 't') v.s += '\t'; else if (e == 'r') v.s += '\r';
        else if (e == 'b') v.s += '\b'; else if (e == 'f') v.s += '\f';
        else if (e == 'u') {
          unsigned code = std::stoul(t.substr(p, 4), nullptr, 16); p += 4;
          if (code < 0x80) v.s += (char)code;
          else if (code < 0x800) { v.s += (char)(0xC0 | (code >> 6)); v.s += (char)(0x80 | (code & 0x3F)); }
          else { v.s += (char)(0xE0 | (code >> 12)); v.s += (char)(0x80 | ((code >> 6) & 0x3F)); v.s += (char)(0x80 | (code & 0x3F)); }
        } else v.s += e;
      }
      p++;
      return v;
    }
    if (t.compare(p, 4, "true") == 0) { p += 4; v.kind = J::Bool; v.b = true; return v; }
    if (t.compare(p, 5, "false") == 0) { p += 5; v.kind = J::Bool; return v; }
    if (t.compare(p, 4, "null") == 0) { p += 4; return v; }
    size_t start = p;
    while (p < t.size() && std::strchr("+-0123456789.eE", t[p])) p++;
    std::string num = t.substr(start, p - start);
    v.kind = J::Num;
    v.n = std::strtod(num.c_str(), nullptr);
    v.integral = num.find_first_of(".eE") == std::string::npos;
    if (v.integral) v.i = std::strtoll(num.c_str(), nullptr, 10);
    return v;
  }
};

template <class T, class = void> struct From;
template <class T> struct From<T, typename std::enable_if<std::is_integral<T>::value && !std::is_same<T, bool>::value && !std::is_same<T, char>::value>::type> {
  static T get(const J &j) { return j.integral ? (T)j.i : (T)j.n; }
};
template <class T> struct From<T, typename std::enable_if<std::is_floating_point<T>::value>::type> {
  static T get(const J &j) { return j.integral ? (T)j.i : (T)j.n; }
};
template <> struct From<bool> { static bool get(const J &j) { return j.b; } };
template <> struct From<char> { static char get(const J &j) { return j.s.empty() ? '\0' : j.s[0]; } };
template <> struct From<std::string> { static std::string get(const J &j) { return j.s; } };
template <class T> struct From<std::vector<T>> {
  static std::vector<T> get(const J &j) { std::vector<T> v; for (auto &x : j.a) v.push_back(From<T>::get(x)); return v; }
};
template <class T> struct From<std::map<std::string, T>> {
  static std::map<std::string, T> get(const J &j) { std::map<std::string, T> m; for (auto &x : j.o) m[x.first] = From<T>::get(x.second); return m; }
};

inline void quote(std::string &out, const std::string &s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
    else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
    else out += (char)c;
  }
  out += '"';
}

template <class T, class = void> struct To;
template <class T> struct To<T, typename std::enable_if<std::is_integral<T>::value && !std::is_same<T, bool>::value && !std::is_same<T, char>::value>::type> {
  static void put(std::string &out, T v) { out += std::to_string(v); }
};
template <class T> struct To<T, typename std::enable_if<std::is_floating_point<T>::value>::type> {
  static void put(std::string &out, T v) {
    if (!std::isfinite((double)v)) { out += "null"; return; }
    char buf[40]; std::snprintf(buf, sizeof buf, "%.17g", (double)v); out += buf;
  }
};
template <> struct To<bool> { static void put(std::string &out, bool v) { out += v ? "true" : "false"; } };
template <> struct To<char> { static void put(std::string &out, char v) { quote(out, std::string(1, v)); } };
template <> struct To<std::string> { static void put(std::string &out, const std::string &v) { quote(out, v); } };
template <class T> struct To<std::vector<T>> {
  static void put(std::string &out, const std::vector<T> &v) {
    out += '[';
    bool first = true;
    for (auto &&x : v) { if (!first) out += ','; first = false; To<T>::put(out, static_cast<T>(x)); }
    out += ']';
  }
};
template <class T> struct To<std::map<std::string, T>> {
  static void put(std::string &out, const std::map<std::string, T> &m) {
    out += '{';
    bool first = true;
    for (auto &x : m) { if (!first) out += ','; first = false; quote(out, x.first); out += ':'; To<T>::put(out, x.second); }
    out += '}';
  }
};

template <class Tuple, size_t... I>
void fill(Tuple &t, const J &args, std::index_sequence<I...>) {
  using expand = int[];
  (void)expand{0, (std::get<I>(t) = From<typename std::tuple_element<I, Tuple>::type>::get(args.a.at(I)), 0)...};
}

template <class F, class Tuple, size_t... I>
decltype(auto) apply(F &f, Tuple &t, std::index_sequence<I...>) { return f(std::get<I>(t)...); }

template <class R> struct Result {
  template <class F> static std::string run(F &&f) { std::string out; To<typename std::decay<R>::type>::put(out, f()); return out; }
};
template <> struct Result<void> {
  template <class F> static std::string run(F &&f) { f(); return "null"; }
};

template <class R, class... A, class Call>
std::string invoke(const J &args, Call call) {
  if (args.a.size() != sizeof...(A)) throw std::runtime_error("expected " + std::to_string(sizeof...(A)) + " arguments");
  std::tuple<typename std::decay<A>::type...> values;
  fill(values, args, std::index_sequence_for<A...>{});
  return Result<R>::run([&]() -> R { return apply(call, values, std::index_sequence_for<A...>{}); });
}

template <class R, class... A> std::string call(R (*f)(A...), const J &args) { return invoke<R, A...>(args, f); }
template <class C, class R, class... A> std::string call(R (C::*f)(A...), const J &args) {
  C self;
  return invoke<R, A...>(args, [&](A... a) -> R { return (self.*f)(std::forward<A>(a)...); });
}
template <class C, class R, class... A> std::string call(R (C::*f)(A...) const, const J &args) {
  C self;
  return invoke<R, A...>(args, [&](A... a) -> R { return (self.*f)(std::forward<A>(a)...); });
}

inline long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline void write_all(int fd, const std::string &s) {
  size_t done = 0;
  while (done < s.size()) { ssize_t n = ::write(fd, s.data() + done, s.size() - done); if (n <= 0) return; done += n; }
}

struct Harness {
  J job;
  int results;
  long long printed = 0, reported = 0;
  long long outputBytes, valueBytes, reportBytes, perTestMs, totalMs;

  void send(std::string line) {
    if ((long long)line.size() > valueBytes)
      line = "{\"status\":\"error\",\"ms\":0,\"error\":\"the return value is larger than " + std::to_string(valueBytes) + " bytes\"}";
    if (reported + (long long)line.size() + 1 > reportBytes)
      line = "{\"status\":\"error\",\"ms\":0,\"error\":\"the results are larger than " + std::to_string(reportBytes) + " bytes\"}";
    reported += line.size() + 1;
    write_all(results, line + "\n");
  }

  void fail(const char *status, const std::string &error, long long ms, bool exceeded) {
    std::string line = std::string("{\"status\":\"") + status + "\",\"ms\":" + std::to_string(ms) + ",\"error\":";
    quote(line, error.substr(0, 300));
    if (exceeded) line += ",\"output\":\"exceeded\"";
    send(line + "}");
  }

  // Forwards what a test printed to stderr within the output budget; false once it is spent.
  bool forward(const char *data, ssize_t n) {
    long long room = outputBytes - printed;
    if (n > room) {
      if (room > 0) write_all(2, std::string(data, room));
      printed = outputBytes;
      return false;
    }
    write_all(2, std::string(data, n));
    printed += n;
    return true;
  }

  template <class Run> void run(Run entry) {
    long long started = now_ms();
    send("{\"setup\":\"ok\"}");
    for (const J &args : job.at("tests").a) {
      if (now_ms() - started > totalMs) { fail("error", "total time limit reached", 0, false); continue; }
      int out[2], res[2];
      if (pipe(out) != 0 || pipe(res) != 0) { fail("error", "cannot start the test", 0, false); continue; }
      long long begun = now_ms();
      pid_t pid = fork();
      if (pid == 0) {
        close(out[0]); close(res[0]); close(results);
        dup2(out[1], 1); dup2(out[1], 2);
        std::string answer;
        try { answer = "ok\n" + entry(args); }
        catch (const std::exception &e) { answer = std::string("error\n") + e.what(); }
        catch (...) { answer = "error\nunknown exception"; }
        std::cout.flush(); std::fflush(stdout);
        write_all(res[1], answer);
        _exit(0);
      }
      close(out[1]); close(res[1]);
      std::string answer;
      bool exceeded = false, timedOut = false;
      struct pollfd fds[2] = {{out[0], POLLIN, 0}, {res[0], POLLIN, 0}};
      int open = 2;
      char buf[65536];
      while (open > 0) {
        long long left = perTestMs - (now_ms() - begun);
        if (left <= 0) { timedOut = true; break; }
        if (poll(fds, 2, (int)left) <= 0) continue;
        for (auto &f : fds) {
          if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP))) continue;
          ssize_t n = read(f.fd, buf, sizeof buf);
          if (n <= 0) { close(f.fd); f.fd = -1; open--; continue; }
          if (f.fd == out[0]) { if (!forward(buf, n)) { exceeded = true; open = 0; break; } }
          else if ((long long)(answer.size() + n) <= valueBytes + 16) answer.append(buf, n);
        }
      }
      for (auto &f : fds) if (f.fd >= 0) close(f.fd);
      kill(pid, SIGKILL);
      int status = 0;
      waitpid(pid, &status, 0);
      long long ms = now_ms() - begun;
      if (exceeded) { fail("error", "output limit exceeded", ms, true); return; }
      if (timedOut) { fail("timeout", "time limit of " + std::to_string(perTestMs) + " ms exceeded", ms, false); continue; }
      if (answer.compare(0, 3, "ok\n") == 0) {
        std::string value = answer.substr(3);
        if ((long long)value.size() > valueBytes) { fail("error", "the return value is larger than " + std::to_string(valueBytes) + " bytes", ms, false); continue; }
        send("{\"status\":\"ok\",\"ms\":" + std::to_string(ms) + ",\"value\":" + value + "}");
      } else if (answer.compare(0, 6, "error\n") == 0) {
        fail("error", answer.substr(6), ms, false);
      } else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL) {
        fail("error", std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")", ms, false);
      } else {
        fail("error", "the program stopped", ms, false);
      }
    }
  }
};
}  // namespace bb

int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  bb::Harness h;
  h.results = bb_results_fd;
  bb::Reader reader(input);
  h.job = reader.value();
  auto num = [&](const char *k) { const bb::J &v = h.job.at(k); return v.integral ? v.i : (long long)v.n; };
  h.outputBytes = num("outputBytes"); h.valueBytes = num("valueBytes"); h.reportBytes = num("reportBytes");
  h.perTestMs = num("perTestMs"); h.totalMs = num("totalMs");
  h.run([](const bb::J &args) { return bb::call(BB_ENTRY, args); });
  return 0;
}
`;

/**
 * main.cpp for an answer; an entry point the answer never names is reported
 * before anything is sent, as the other languages report it.
 */
export function cppSource(
  code: string,
  entryPoint: string,
): { ok: true; source: string } | { ok: false; error: string } {
  if (!new RegExp(`\\b${entryPoint}\\s*\\(`).test(code)) {
    return { ok: false, error: `entry point ${entryPoint} is not defined` };
  }
  const entry = /\b(?:class|struct)\s+Solution\b/.test(code) ? `&Solution::${entryPoint}` : `&${entryPoint}`;
  return { ok: true, source: `${cppPrelude}\n${code}\n#define BB_ENTRY ${entry}\n${cppHarness}` };
}

/** g++'s `main.cpp:7:12: error: …` points into our file; the answer's line is three less. */
export function cppCompileOutput(output: string): string {
  return output.replace(/main\.cpp:(\d+)/g, (_all, line: string) => `solution.cpp:${Number(line) - 3}`);
}
