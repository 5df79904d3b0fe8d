package dev.renkei.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load shared by the benchmarks: {@code connections} threads, each with its own
 * HttpClient and so its own HTTP/1.1 keep-alive connection, send one request after another for a
 * fixed time. Only successful requests contribute latencies; the others are counted as errors.
 */
final class LoadRunner {

    /** One request of one thread; true when the answer is the expected one. */
    @FunctionalInterface
    interface Call {
        boolean send(HttpClient client) throws IOException, InterruptedException;
    }

    private LoadRunner() {
    }

    /** A client of its own per thread: the JDK client keeps one HTTP/1.1 connection alive per sequential caller. */
    static HttpClient keepAliveClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
            Thread worker = new Thread(() -> {
                HttpClient client = keepAliveClient();
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
        double[] cpuBefore = {jvmCpuSeconds(), childrenCpuSeconds(), machineBusySeconds()};
        Map<Long, Long> generatorBefore = generatorThreadCpu();
        Thread.sleep(seconds * 1000L);
        Map<Long, Long> generatorAfter = generatorThreadCpu();
        running.set(false);
        done.await();
        double generatorCpu = generatorAfter.entrySet().stream()
                .mapToLong(e -> e.getValue() - generatorBefore.getOrDefault(e.getKey(), 0L)).sum() / 1e9;
        // The requests in flight at the stop are finished and counted: measure until the last one ends.
        double elapsed = (System.nanoTime() - started) / 1e9;
        double jvmCpu = jvmCpuSeconds() - cpuBefore[0];
        double childrenCpu = childrenCpuSeconds() - cpuBefore[1];
        double machineBusy = machineBusySeconds() - cpuBefore[2];
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(samples[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(all, Arrays.stream(errors).sum(), elapsed, jvmCpu, childrenCpu, machineBusy, generatorCpu);
    }

    /**
     * Repeats a warm-up phase until the JIT has settled — compilation used under a tenth of one
     * core during the last phase — or {@code maxPhases} phases ran. On two shared cores C2 takes
     * long to compile the whole server; measuring before it is done measures the compiler.
     */
    static void warmUp(int seconds, int maxPhases, WarmUpPhase phase) throws InterruptedException {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        for (int i = 1; i <= maxPhases; i++) {
            long compiledBefore = jit.getTotalCompilationTime();
            long phaseStarted = System.nanoTime();
            phase.run(seconds);
            double compiling = (jit.getTotalCompilationTime() - compiledBefore) / 1e3 / ((System.nanoTime() - phaseStarted) / 1e9);
            if (compiling < 0.1 || i == maxPhases) {
                System.out.printf("warm-up: %d rounds, %.0f s; the JIT kept %.2f cores busy in the last round%n", i,
                        (System.nanoTime() - started) / 1e9, compiling);
                return;
            }
        }
    }

    /** One warm-up phase of the given length. */
    @FunctionalInterface
    interface WarmUpPhase {
        void run(int seconds) throws InterruptedException;
    }

    /**
     * CPU nanoseconds of the load generator's threads (ours, and the JDK HttpClient's selector and
     * worker threads) by thread id. Approximate: a thread that ends within the phase is missed.
     */
    private static Map<Long, Long> generatorThreadCpu() {
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

    /** CPU time of this JVM: server and load generator. */
    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static volatile long postmaster = -1;

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

    /** CPU time of the tracked PostgreSQL's processes; 0 where /proc is not available. */
    static double childrenCpuSeconds() {
        long root = postmaster;
        if (root < 0) {
            return 0;
        }
        double ticks = procTicks(Path.of("/proc", Long.toString(root), "stat"));
        ticks += ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants)
                .mapToDouble(p -> procTicks(Path.of("/proc", Long.toString(p.pid()), "stat"))).sum();
        return ticks / TICKS_PER_SECOND;
    }

    /** Busy CPU time of the whole machine (every process, ours and others'), from /proc/stat. */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return (total - idle) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** utime + stime of one process, in clock ticks; 0 when it is gone. */
    private static double procTicks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Latencies (sorted, nanoseconds) of the successful requests of one phase. */
    record Result(long[] sortedNanos, int errors, double seconds, double jvmCpuSeconds, double postgresCpuSeconds,
                  double machineBusySeconds, double generatorCpuSeconds) {

        int count() {
            return sortedNanos.length;
        }

        double perSecond() {
            return count() / seconds;
        }

        /** The nearest-rank percentile in milliseconds; NaN when nothing succeeded. */
        double percentile(int p) {
            int n = count();
            if (n == 0) {
                return Double.NaN;
            }
            return sortedNanos[Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1))] / 1e6;
        }

        /** CPU milliseconds per successful request: server, load generator and PostgreSQL together. */
        double cpuMillisPerRequest() {
            return (jvmCpuSeconds + postgresCpuSeconds) * 1000 / Math.max(1, count());
        }

        /**
         * The figures, then what they cost: CPU per request (this JVM — server, load generator, JIT
         * and GC — plus PostgreSQL, and the parts of it spent by the load generator and by
         * PostgreSQL), and how many cores we and the whole machine kept busy. On a shared machine
         * "whole machine" well above "ours" means other work competed for the cores.
         */
        String describe(String label, int connections) {
            double perRequest = 1000.0 / Math.max(1, count());
            return String.format("%s %2d conns: %,8.0f req/s  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  errors %d"
                            + "  | cpu %.3f ms/req (load generator %.3f, PostgreSQL %.3f); cores busy: ours %.2f, whole machine %.2f",
                    label, connections, perSecond(), percentile(50), percentile(90), percentile(99), errors,
                    cpuMillisPerRequest(), generatorCpuSeconds * perRequest, postgresCpuSeconds * perRequest,
                    (jvmCpuSeconds + postgresCpuSeconds) / seconds, machineBusySeconds / seconds);
        }
    }
}
