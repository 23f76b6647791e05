/**
 * The program Judge0 runs for a Java answer (Judge0 CE compiles Main.java and
 * runs `java Main`, db/languages/active.rb). The candidate's classes share the
 * file; the harness reads the job from stdin, finds the entry point by name
 * and arity among them (an instance method gets a no-argument instance),
 * converts each test's JSON arguments to the parameter types (primitives,
 * boxes, String, char, arrays, List, Set, Map), runs each test on its own
 * thread under the per-test time limit, and writes one JSON line per test to
 * stdout; System.out and System.err go to stderr, bounded. Java 11 and later;
 * isolate, not this file, confines the program.
 */
export const javaHarness = String.raw`
public class Main {
    static final class OutputLimit extends Error {
        OutputLimit() { super("output limit exceeded", null, false, false); }
    }

    static final class Bounded extends java.io.OutputStream {
        private final java.io.OutputStream target;
        private final long limit;
        long written;
        boolean exceeded;
        Bounded(java.io.OutputStream target, long limit) { this.target = target; this.limit = limit; }
        @Override public void write(int b) throws java.io.IOException { write(new byte[] {(byte) b}, 0, 1); }
        @Override public void write(byte[] b, int off, int len) throws java.io.IOException {
            if (exceeded) throw new OutputLimit();
            long room = limit - written;
            if (len > room) {
                target.write(b, off, (int) Math.max(0, room));
                target.flush();
                written = limit;
                exceeded = true;
                throw new OutputLimit();
            }
            target.write(b, off, len);
            written += len;
        }
        @Override public void flush() throws java.io.IOException { target.flush(); }
    }

    // A small JSON reader: null, booleans, Long or Double numbers, strings, lists and maps.
    static final class Json {
        private final String s;
        private int i;
        Json(String s) { this.s = s; }
        static Object parse(String s) { Json j = new Json(s); Object v = j.value(); return v; }
        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                i++; ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws(); String k = (String) value(); ws(); i++;
                    m.put(k, value()); ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                java.util.List<Object> l = new java.util.ArrayList<>();
                i++; ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value()); ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    char d = s.charAt(i++);
                    if (d == '"') return b.toString();
                    if (d != '\\') { b.append(d); continue; }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                }
            }
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String n = s.substring(start, i);
            if (n.matches("-?\\d+")) {
                try { return Long.parseLong(n); } catch (NumberFormatException x) { return Double.parseDouble(n); }
            }
            return Double.parseDouble(n);
        }

        static void write(StringBuilder b, Object v) {
            if (v == null) { b.append("null"); return; }
            if (v instanceof Boolean) { b.append(v); return; }
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                b.append(Double.isFinite(d) ? String.valueOf(d) : "null");
                return;
            }
            if (v instanceof Number) { b.append(v); return; }
            if (v instanceof CharSequence || v instanceof Character) {
                String t = v.toString();
                b.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (c == '"' || c == '\\') b.append('\\').append(c);
                    else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
                b.append('"');
                return;
            }
            if (v.getClass().isArray()) {
                b.append('[');
                for (int k = 0; k < java.lang.reflect.Array.getLength(v); k++) {
                    if (k > 0) b.append(',');
                    write(b, java.lang.reflect.Array.get(v, k));
                }
                b.append(']');
                return;
            }
            if (v instanceof Iterable) {
                b.append('[');
                boolean first = true;
                for (Object o : (Iterable<?>) v) { if (!first) b.append(','); first = false; write(b, o); }
                b.append(']');
                return;
            }
            if (v instanceof java.util.Map) {
                b.append('{');
                boolean first = true;
                for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    write(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
                return;
            }
            throw new IllegalArgumentException("result is not JSON: " + v.getClass().getSimpleName());
        }
    }

    // JSON value → the parameter's Java type (primitives, boxes, String, char, arrays, List, Set, Map).
    static Object convert(Object v, java.lang.reflect.Type type) {
        Class<?> raw = type instanceof Class ? (Class<?>) type
            : type instanceof java.lang.reflect.ParameterizedType ? (Class<?>) ((java.lang.reflect.ParameterizedType) type).getRawType()
            : Object.class;
        if (v == null) return raw.isPrimitive() ? convert(0L, type) : null;
        if (raw == int.class || raw == Integer.class) return ((Number) v).intValue();
        if (raw == long.class || raw == Long.class) return ((Number) v).longValue();
        if (raw == double.class || raw == Double.class) return ((Number) v).doubleValue();
        if (raw == float.class || raw == Float.class) return ((Number) v).floatValue();
        if (raw == short.class || raw == Short.class) return ((Number) v).shortValue();
        if (raw == byte.class || raw == Byte.class) return ((Number) v).byteValue();
        if (raw == boolean.class || raw == Boolean.class) return v;
        if (raw == char.class || raw == Character.class) return v.toString().charAt(0);
        if (raw == String.class) return v.toString();
        if (raw.isArray()) {
            java.util.List<?> l = (java.util.List<?>) v;
            Object a = java.lang.reflect.Array.newInstance(raw.getComponentType(), l.size());
            for (int k = 0; k < l.size(); k++) java.lang.reflect.Array.set(a, k, convert(l.get(k), raw.getComponentType()));
            return a;
        }
        java.lang.reflect.Type[] params = type instanceof java.lang.reflect.ParameterizedType
            ? ((java.lang.reflect.ParameterizedType) type).getActualTypeArguments() : new java.lang.reflect.Type[0];
        if (java.util.Collection.class.isAssignableFrom(raw)) {
            java.util.Collection<Object> c = java.util.Set.class.isAssignableFrom(raw) ? new java.util.LinkedHashSet<>() : new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) v) c.add(params.length > 0 ? convert(o, params[0]) : o);
            return c;
        }
        if (java.util.Map.class.isAssignableFrom(raw)) {
            java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
                m.put(params.length > 0 ? convert(e.getKey(), params[0]) : e.getKey(), params.length > 1 ? convert(e.getValue(), params[1]) : e.getValue());
            }
            return m;
        }
        return v;
    }

    static java.io.PrintStream results;
    static long reported;
    static java.util.Map<?, ?> job;

    static long num(String key) { return ((Number) job.get(key)).longValue(); }

    static void send(String line) {
        long valueBytes = num("valueBytes");
        long reportBytes = num("reportBytes");
        if (line.length() > valueBytes) line = "{\"status\":\"error\",\"ms\":0,\"error\":\"the return value is larger than " + valueBytes + " bytes\"}";
        if (reported + line.length() + 1 > reportBytes) line = "{\"status\":\"error\",\"ms\":0,\"error\":\"the results are larger than " + reportBytes + " bytes\"}";
        reported += line.length() + 1;
        results.print(line + "\n");
        results.flush();
    }

    static String message(Throwable t) {
        if (t instanceof OutputLimit) return "output limit exceeded";
        String m = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return m.split("\n")[0].substring(0, Math.min(300, m.split("\n")[0].length()));
    }

    static String errorLine(String status, String error, long ms, boolean exceeded) {
        StringBuilder b = new StringBuilder("{\"status\":\"").append(status).append("\",\"ms\":").append(ms).append(",\"error\":");
        Json.write(b, error);
        if (exceeded) b.append(",\"output\":\"exceeded\"");
        return b.append('}').toString();
    }

    public static void main(String[] argv) throws Exception {
        long started = System.nanoTime();
        byte[] input = System.in.readAllBytes();
        job = (java.util.Map<?, ?>) Json.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        results = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Bounded printed = new Bounded(new java.io.FileOutputStream(java.io.FileDescriptor.err), num("outputBytes"));
        java.io.PrintStream out = new java.io.PrintStream(printed, true, "UTF-8");
        System.setOut(out);
        System.setErr(out);
        String entry = (String) job.get("entryPoint");
        java.util.List<?> tests = (java.util.List<?>) job.get("tests");
        int arity = tests.isEmpty() ? 0 : ((java.util.List<?>) tests.get(0)).size();
        java.lang.reflect.Method method = null;
        for (Object name : (java.util.List<?>) job.get("classes")) {
            Class<?> cls;
            try { cls = Class.forName(name.toString()); } catch (Throwable t) { continue; }
            for (java.lang.reflect.Method m : cls.getDeclaredMethods()) {
                if (m.getName().equals(entry) && m.getParameterCount() == arity) { method = m; break; }
            }
            if (method != null) break;
        }
        if (method == null) {
            send("{\"setup\":\"error\",\"error\":\"entry point " + entry + " is not defined\"}");
            return;
        }
        method.setAccessible(true);
        Object target = null;
        if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
            try {
                java.lang.reflect.Constructor<?> c = method.getDeclaringClass().getDeclaredConstructor();
                c.setAccessible(true);
                target = c.newInstance();
            } catch (Throwable t) {
                Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
                send("{\"setup\":\"error\",\"error\":" + quote("cannot create " + method.getDeclaringClass().getSimpleName() + ": " + message(cause)) + "}");
                return;
            }
        }
        send("{\"setup\":\"ok\"}");
        long perTestMs = num("perTestMs");
        long totalMs = num("totalMs");
        final java.lang.reflect.Method fn = method;
        final Object self = target;
        for (Object test : tests) {
            if ((System.nanoTime() - started) / 1_000_000 > totalMs) {
                send(errorLine("error", "total time limit reached", 0, false));
                continue;
            }
            java.util.List<?> args = (java.util.List<?>) test;
            java.lang.reflect.Type[] types = fn.getGenericParameterTypes();
            final Object[] values = new Object[types.length];
            final Object[] outcome = new Object[2];
            long begun = System.nanoTime();
            Thread worker = new Thread(null, () -> {
                try {
                    for (int k = 0; k < types.length; k++) values[k] = convert(args.get(k), types[k]);
                    outcome[0] = fn.invoke(self, values);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    outcome[1] = e.getCause();
                } catch (Throwable e) {
                    outcome[1] = e;
                }
            }, "test", 256L * 1024 * 1024);
            worker.setDaemon(true);
            worker.start();
            worker.join(perTestMs);
            long ms = (System.nanoTime() - begun) / 1_000_000;
            if (worker.isAlive()) {
                try { Thread.class.getMethod("stop").invoke(worker); } catch (Throwable ignored) { }
                send(errorLine("timeout", "time limit of " + perTestMs + " ms exceeded", ms, false));
                continue;
            }
            if (outcome[1] != null) {
                Throwable t = (Throwable) outcome[1];
                send(errorLine("error", message(t), ms, printed.exceeded));
                if (printed.exceeded) return;
                continue;
            }
            if (printed.exceeded) {
                send(errorLine("error", "output limit exceeded", ms, true));
                return;
            }
            try {
                StringBuilder b = new StringBuilder("{\"status\":\"ok\",\"ms\":").append(ms).append(",\"value\":");
                Json.write(b, fn.getReturnType() == void.class ? null : outcome[0]);
                send(b.append('}').toString());
            } catch (Throwable t) {
                send(errorLine("error", message(t), ms, false));
            }
        }
    }

    static String quote(String s) { StringBuilder b = new StringBuilder(); Json.write(b, s); return b.toString(); }
}
`;

const typeDeclaration = /\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)/g;
const importLine = /^\s*import\s+(?:static\s+)?[\w.]+(?:\.\*)?\s*;\s*$/;

/**
 * One Main.java: the candidate's imports first (all on the first line, so
 * their line numbers move by one), their types without `public` (only Main
 * may be public in Main.java), then the harness. Bare methods are wrapped in
 * a class. Returns the class names the harness searches for the entry point.
 */
export function javaSource(code: string): { source: string; classes: string[] } {
  const imports: string[] = [];
  const body = code
    .split('\n')
    .map((line) => {
      if (importLine.test(line)) {
        imports.push(line.trim());
        return '';
      }
      return /^\s*package\s+[\w.]+\s*;\s*$/.test(line) ? '' : line;
    })
    .join('\n')
    .replace(
      /^(\s*)public\s+(?=(?:(?:final|abstract|sealed|non-sealed)\s+)*(?:class|interface|enum|record)\s)/gm,
      '$1',
    );
  const classes = [...body.matchAll(typeDeclaration)].map((m) => m[1]!);
  const wrapped = classes.length > 0 ? body : `class Solution { ${body}\n}`;
  return {
    source: `${imports.join(' ')}\n${wrapped}\n${javaHarness}`,
    classes: classes.length > 0 ? classes : ['Solution'],
  };
}

/** javac's `Main.java:12: error: …` points into our file; the candidate's line is one less. */
export function javaCompileOutput(output: string): string {
  return output.replace(/Main\.java:(\d+)/g, (_all, line: string) => `solution.java:${Number(line) - 1}`);
}
