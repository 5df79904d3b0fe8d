package dev.renkei.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load shared by the benchmarks: {@code connections} threads, each with its own
 * HttpClient and so its own HTTP/1.1 keep-alive connection, send one request after another for a
 * fixed time. Only successful requests contribute latencies; the others are counted as errors.
 *
 * <p>Server, PostgreSQL and load generator share the machine's cores, so each phase also
 * reports what it cost in CPU and how busy the whole machine was (from /proc; left out where
 * there is none): on a shared machine, figures are only comparable when we had the cores.
 */
final class LoadRunner {

    /** One request of one thread; true when the answer is the expected one. */
    @FunctionalInterface
    interface Call {
        boolean send(HttpClient client) throws IOException, InterruptedException;
    }

    /** One warm-up round of the given length. */
    @FunctionalInterface
    interface WarmUpRound {
        void run(int seconds) throws InterruptedException;
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final List<Integer> PERCENTILES = List.of(50, 90, 99);
    private static final List<HttpClient> CLIENTS = new ArrayList<>();
    private static volatile long postmaster = -1;

    private LoadRunner() {
    }

    /**
     * Runs {@code calls.apply(slot)} in a loop on thread {@code slot} for {@code seconds}. With
     * {@code stopThreadOnError} a thread ends at its first error (a refresh-token chain whose
     * state is unknown after a failure cannot go on); otherwise it goes on.
     */
    static Result run(int connections, int seconds, IntFunction<Call> calls, boolean stopThreadOnError)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(connections);
        long[][] samples = new long[connections][];
        int[] counts = new int[connections];
        int[] errors = new int[connections];
        for (int c = 0; c < connections; c++) {
            int slot = c;
            Call call = calls.apply(slot);
            HttpClient client = client(slot);
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                try {
                    while (running.get()) {
                        long started = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.send(client);
                        } catch (IOException | RuntimeException e) {
                            ok = false;
                        }
                        if (!ok) {
                            errors[slot]++;
                            if (stopThreadOnError) {
                                break;
                            }
                            continue;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - started;
                    }
                } catch (InterruptedException e) {
                    errors[slot]++;
                } finally {
                    samples[slot] = mine;
                    counts[slot] = n;
                    done.countDown();
                }
            }, "load-" + slot);
            worker.setDaemon(true);
            worker.start();
        }
        long started = System.nanoTime();
        Cpu before = Cpu.now();
        Thread.sleep(seconds * 1000L);
        Cpu after = Cpu.now(); // before the threads end, so the generator's threads are still there
        running.set(false);
        done.await();
        // The requests in flight at the stop are finished and counted: measure until the last one ends.
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(samples[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return Result.of(all, Arrays.stream(errors).sum(), elapsed, after.minus(before), seconds);
    }

    /** Whether {@code wrk} (apt-get install -y wrk) is on the PATH. */
    static boolean wrkAvailable() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The same closed loop as {@link #run}, driven by {@code wrk} with one thread (an event loop
     * in C that costs a fraction of the JDK client's CPU per request, which the server would
     * otherwise share): {@code connections} keep-alive connections to {@code url}, requests made
     * by the Lua {@code script} (its {@code done} is appended here and reports the figures).
     * Every answer but 2xx/3xx and every socket error counts as an error. The CPU is read while
     * wrk runs, over all but its first and last quarter second.
     */
    static Result runWrk(URI url, String script, int connections, int seconds) throws InterruptedException {
        try {
            Path lua = Files.createTempFile("renkei-wrk", ".lua");
            Files.writeString(lua, script + WRK_DONE);
            Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                    "-s", lua.toString(), url.toString()).redirectErrorStream(true).start();
            try {
                StringBuilder output = new StringBuilder();
                Thread reader = new Thread(() -> {
                    try {
                        output.append(new String(wrk.getInputStream().readAllBytes()));
                    } catch (IOException e) {
                        output.append(e);
                    }
                }, "wrk-output");
                reader.start();
                Thread.sleep(250);
                Cpu before = Cpu.now(wrk.pid());
                long started = System.nanoTime();
                Thread.sleep(seconds * 1000L - 500);
                Cpu after = Cpu.now(wrk.pid());
                double cpuSeconds = (System.nanoTime() - started) / 1e9;
                wrk.waitFor();
                reader.join();
                String line = output.toString().lines().filter(l -> l.startsWith("WRK ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("wrk printed no figures: " + output));
                Map<String, Double> figures = new HashMap<>();
                for (String pair : line.substring(4).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    figures.put(kv[0], Double.parseDouble(kv[1]));
                }
                int errors = (int) (figures.get("status") + figures.get("connect") + figures.get("read")
                        + figures.get("write") + figures.get("timeout"));
                long count = figures.get("requests").longValue() - (long) figures.get("status").doubleValue();
                return new Result(count, errors, figures.get("duration_us") / 1e6, after.minus(before), cpuSeconds,
                        Map.of(50, figures.get("p50") / 1e3, 90, figures.get("p90") / 1e3, 99, figures.get("p99") / 1e3));
            } finally {
                wrk.destroy();
                Files.deleteIfExists(lua);
            }
        } catch (IOException e) {
            throw new IllegalStateException("wrk failed", e);
        }
    }

    /** wrk's summary as one line the Java side parses: counts, duration (µs), latencies (µs). */
    private static final String WRK_DONE = """

            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK requests=%d duration_us=%d p50=%d p90=%d p99=%d status=%d connect=%d read=%d write=%d timeout=%d\\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
                e.status, e.connect, e.read, e.write, e.timeout))
            end
            """;

    /**
     * Repeats a warm-up round until the JIT compilers used under a fifth of one core during the
     * last one, or {@code maxRounds} ran. On two shared cores C2 needs long to compile the whole
     * server; measuring before it is done measures the compiler.
     */
    static void warmUp(int seconds, int maxRounds, WarmUpRound round) throws InterruptedException {
        warmUp(seconds, maxRounds, 0.2, round);
    }

    /**
     * {@link #warmUp(int, int, WarmUpRound)} until the JIT used under {@code maxJitCores}. A
     * server with many code paths (the Resource API: HTTP, JSON, JDBC, security, several
     * endpoints) keeps the JIT at a trickle of 0.1 to 0.2 cores for minutes, which the default
     * bound takes for settled.
     */
    static void warmUp(int seconds, int maxRounds, double maxJitCores, WarmUpRound round) throws InterruptedException {
        long started = System.nanoTime();
        for (int i = 1; i <= maxRounds; i++) {
            Cpu before = Cpu.now();
            long roundStarted = System.nanoTime();
            round.run(seconds);
            double jit = Cpu.now().minus(before).jit() / ((System.nanoTime() - roundStarted) / 1e9);
            if (jit < maxJitCores || i == maxRounds) {
                System.out.printf("warm-up: %d rounds, %.0f s; the JIT compilers used %.2f cores in the last one%n", i,
                        (System.nanoTime() - started) / 1e9, jit);
                return;
            }
        }
    }

    /**
     * Counts the CPU of the PostgreSQL at {@code jdbcUrl} from now on: its postmaster (the parent
     * of our backend; pg_ctl detaches it from this JVM) and every process under it.
     */
    static void trackPostgres(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet pid = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid.getInt(1)), "stat"));
            postmaster = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (SQLException | IOException | RuntimeException e) {
            postmaster = -1;
        }
    }

    /**
     * Slot {@code slot}'s client, kept across phases: its keep-alive connection and selector
     * thread stay, so a new phase neither reconnects nor makes the JIT recompile the client's
     * loops for threads that ended.
     */
    private static synchronized HttpClient client(int slot) {
        while (CLIENTS.size() <= slot) {
            CLIENTS.add(keepAliveClient());
        }
        return CLIENTS.get(slot);
    }

    /**
     * A client of its own per thread: the JDK client keeps one HTTP/1.1 connection alive per
     * sequential caller. Its completions run on its selector thread instead of being handed to a
     * worker pool: one thread hop less per request, so the generator takes fewer cycles and
     * context switches from the server it shares the cores with.
     */
    static HttpClient keepAliveClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    }

    /**
     * CPU seconds used so far by this JVM (server, load generator, JIT, GC), by its JIT compiler
     * threads, by PostgreSQL and by the whole machine, and CPU nanoseconds of each load-generator
     * thread (ours and the JDK HttpClient's) by thread id.
     */
    record Cpu(double jvm, Map<Long, Long> jitTicks, double postgres, double machine, Map<Long, Long> generator,
               double generatorProcess) {

        static Cpu now() {
            return now(-1);
        }

        /** Also counts the CPU of the load generator process {@code generatorPid} (none: -1). */
        static Cpu now(long generatorPid) {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            double external = generatorPid < 0 ? 0 : ticksOrZero(Path.of("/proc", Long.toString(generatorPid), "stat"))
                    / TICKS_PER_SECOND;
            return new Cpu(jvm, compilerTicks(), postgresSeconds(), machineSeconds(), generatorNanos(), external);
        }

        /**
         * The difference. Per-thread figures are subtracted thread by thread (threads come and
         * go) and become one entry (key 0) with their total.
         */
        Cpu minus(Cpu earlier) {
            return new Cpu(jvm - earlier.jvm, Map.of(0L, perThread(jitTicks, earlier.jitTicks)),
                    postgres - earlier.postgres, machine - earlier.machine,
                    Map.of(0L, perThread(generator, earlier.generator)), generatorProcess - earlier.generatorProcess);
        }

        /** The sum of two differences (two phases' CPU). */
        Cpu plus(Cpu other) {
            return new Cpu(jvm + other.jvm, sum(jitTicks, other.jitTicks), postgres + other.postgres,
                    machine + other.machine, sum(generator, other.generator), generatorProcess + other.generatorProcess);
        }

        private static Map<Long, Long> sum(Map<Long, Long> a, Map<Long, Long> b) {
            Map<Long, Long> total = new HashMap<>(a);
            b.forEach((thread, ticks) -> total.merge(thread, ticks, Long::sum));
            return Map.copyOf(total);
        }

        /** This JVM (server, JIT, GC, load threads), PostgreSQL and an external load generator. */
        double ours() {
            return jvm + postgres + generatorProcess;
        }

        private static long perThread(Map<Long, Long> now, Map<Long, Long> earlier) {
            return now.entrySet().stream().mapToLong(e -> e.getValue() - earlier.getOrDefault(e.getKey(), 0L)).sum();
        }

        double jit() {
            return jitTicks.values().stream().mapToLong(Long::longValue).sum() / TICKS_PER_SECOND;
        }

        double generatorSeconds() {
            return generator.values().stream().mapToLong(Long::longValue).sum() / 1e9 + generatorProcess;
        }

        private static Map<Long, Long> generatorNanos() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpu = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && (info.getThreadName().startsWith("load-") || info.getThreadName().startsWith("HttpClient-"))) {
                    long nanos = threads.getThreadCpuTime(info.getThreadId());
                    if (nanos >= 0) {
                        cpu.put(info.getThreadId(), nanos);
                    }
                }
            }
            return cpu;
        }

        /** Clock ticks of the C1 and C2 compiler threads (hidden from ThreadMXBean) by thread id. */
        private static Map<Long, Long> compilerTicks() {
            Map<Long, Long> ticks = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm"));
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            ticks.put(Long.parseLong(task.getFileName().toString()), (long) ticks(task.resolve("stat")));
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                return Map.of();
            }
            return ticks;
        }

        private static double postgresSeconds() {
            long root = postmaster;
            if (root < 0) {
                return 0;
            }
            double ticks = ticksOrZero(Path.of("/proc", Long.toString(root), "stat"));
            ticks += ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants)
                    .mapToDouble(p -> ticksOrZero(Path.of("/proc", Long.toString(p.pid()), "stat"))).sum();
            return ticks / TICKS_PER_SECOND;
        }

        /** Busy time of every process on the machine, ours and others', from /proc/stat. */
        private static double machineSeconds() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return (total - idle) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static double ticksOrZero(Path stat) {
            try {
                return ticks(stat);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** utime + stime of a process or thread, in clock ticks. */
        private static double ticks(Path stat) throws IOException {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
    }

    /**
     * One phase: the successful requests, their p50/p90/p99 in milliseconds, the failed ones, how
     * long it ran, and the CPU used during {@code cpuSeconds} of it (the load generator's CPU is
     * read while it still runs).
     */
    record Result(long count, int errors, double seconds, Cpu cpu, double cpuSeconds, Map<Integer, Double> percentiles) {

        /** From the sorted latencies (nanoseconds) of the successful requests of a JDK-client phase. */
        static Result of(long[] sortedNanos, int errors, double seconds, Cpu cpu, double cpuSeconds) {
            Map<Integer, Double> percentiles = new HashMap<>();
            for (int p : PERCENTILES) {
                int n = sortedNanos.length;
                percentiles.put(p, n == 0 ? Double.NaN
                        : sortedNanos[Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1))] / 1e6);
            }
            return new Result(sortedNanos.length, errors, seconds, cpu, cpuSeconds, Map.copyOf(percentiles));
        }

        /**
         * Several phases of the same load as one: counts, time and CPU added up, so throughput is
         * their mean; each latency percentile is the median of the phases' (the phases' latencies
         * are not kept, so the exact percentile of the union is not known).
         */
        static Result combine(List<Result> phases) {
            Map<Integer, Double> percentiles = new HashMap<>();
            for (int p : phases.get(0).percentiles.keySet()) {
                double[] values = phases.stream().mapToDouble(r -> r.percentile(p)).sorted().toArray();
                percentiles.put(p, values[(values.length - 1) / 2]);
            }
            return new Result(phases.stream().mapToLong(Result::count).sum(), phases.stream().mapToInt(Result::errors).sum(),
                    phases.stream().mapToDouble(Result::seconds).sum(), phases.stream().map(Result::cpu).reduce(Cpu::plus).orElseThrow(),
                    phases.stream().mapToDouble(Result::cpuSeconds).sum(), Map.copyOf(percentiles));
        }

        double perSecond() {
            return count / seconds;
        }

        /** The nearest-rank percentile in milliseconds (50, 90 or 99); NaN when nothing succeeded. */
        double percentile(int p) {
            Double value = percentiles.get(p);
            if (value == null) {
                throw new IllegalArgumentException("percentiles measured: " + PERCENTILES + ", not " + p);
            }
            return value;
        }

        /**
         * The figures, then what they cost: CPU milliseconds per request (this JVM, PostgreSQL and
         * an external load generator, and the parts spent by the load generator, PostgreSQL and the
         * JIT), and how many cores we and the whole machine kept busy. "whole machine" well above
         * "ours" means other work competed for the cores; a large JIT share means the code was not
         * warm yet.
         */
        String describe(String label, int connections) {
            double perRequest = 1000.0 / Math.max(1, perSecond() * cpuSeconds);
            return String.format("%s %2d conns: %,8.0f req/s  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  errors %d"
                            + "  | cpu %.3f ms/req (load generator %.3f, PostgreSQL %.3f, JIT %.3f);"
                            + " cores busy: ours %.2f, whole machine %.2f",
                    label, connections, perSecond(), percentile(50), percentile(90), percentile(99), errors,
                    cpu.ours() * perRequest, cpu.generatorSeconds() * perRequest,
                    cpu.postgres() * perRequest, cpu.jit() * perRequest,
                    cpu.ours() / cpuSeconds, cpu.machine() / cpuSeconds);
        }
    }
}
