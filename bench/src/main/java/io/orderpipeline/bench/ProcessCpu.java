package io.orderpipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of the processes a scenario costs, from Linux {@code /proc}: {@code utime+stime} of each process, found as
 * the owner of the listening socket of its port (the machine is shared: other stacks and test servers may run the
 * same jars), and the machine's busy time from {@code /proc/stat}. A PostgreSQL server is its postmaster and every
 * backend under it; backends that exited meanwhile are in the postmaster's {@code cutime+cstime}. Where there is no
 * {@code /proc}, or a port has no local owner, the process is not measured and the report says n/a.
 */
final class ProcessCpu {

    private static final Path PROC = Path.of("/proc");

    /** Clock ticks per second of {@code /proc} times, from {@code getconf CLK_TCK}; Linux's usual 100 if it fails. */
    static final long TICKS_PER_SECOND = clockTicks();

    /**
     * @param name what runs there, e.g. {@code orders-service}; several names when they share one JVM
     * @param pid the process (for PostgreSQL its postmaster)
     * @param tree whether the process's descendants count too
     */
    record Watched(String name, long pid, boolean tree) {}

    /** A thread of a watched process: its name as the kernel keeps it, and its CPU so far. */
    record ThreadTime(String name, long millis) {}

    /**
     * Milliseconds of CPU so far per watched process, per thread (by thread id) of each process that is not a tree,
     * and of the whole machine (busy time of every core).
     */
    record Sample(Map<String, Long> processMillis, Map<String, Map<Long, ThreadTime>> threads, Long machineMillis) {}

    private final List<Watched> watched;
    private final List<String> missing;

    private ProcessCpu(List<Watched> watched, List<String> missing) {
        this.watched = watched;
        this.missing = missing;
    }

    /**
     * Finds the owners of the ports: {@code ports} maps a name to the TCP port it listens on, in report order; names
     * that end up in one process are joined ({@code "orders-service + local-stack"}). {@code trees} names the ports
     * whose owner's descendants count too (PostgreSQL). {@code pids} adds processes known by id (the bench itself).
     */
    static ProcessCpu find(Map<String, Integer> ports, Set<String> trees, Map<String, Long> pids) {
        Map<Long, Set<String>> owners = listeningOwners(new HashSet<>(ports.values()));
        Map<Long, List<String>> names = new LinkedHashMap<>();
        Map<Long, Boolean> tree = new HashMap<>();
        List<String> missing = new ArrayList<>();
        ports.forEach((name, port) -> {
            Long pid = owners.entrySet().stream()
                    .filter(owner -> owner.getValue().contains(Integer.toString(port)))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (pid == null) {
                missing.add(name);
            } else {
                names.computeIfAbsent(pid, p -> new ArrayList<>()).add(name);
                tree.merge(pid, trees.contains(name), Boolean::logicalOr);
            }
        });
        pids.forEach((name, pid) -> {
            names.computeIfAbsent(pid, p -> new ArrayList<>()).add(name);
            tree.putIfAbsent(pid, false);
        });
        List<Watched> watched = new ArrayList<>();
        names.forEach((pid, named) -> watched.add(new Watched(String.join(" + ", named), pid, tree.get(pid))));
        return new ProcessCpu(watched, missing);
    }

    List<Watched> watched() {
        return watched;
    }

    /** Names whose port had no owner this bench could see: reported as n/a. */
    List<String> missing() {
        return missing;
    }

    Sample sample() {
        Map<String, Long> millis = new LinkedHashMap<>();
        Map<String, Map<Long, ThreadTime>> threads = new LinkedHashMap<>();
        Map<Long, List<Long>> children = watched.stream().anyMatch(Watched::tree) ? children() : Map.of();
        for (Watched process : watched) {
            Long ticks = process.tree() ? treeTicks(process.pid(), children) : ticks(process.pid(), false);
            if (ticks != null) {
                millis.put(process.name(), ticks * 1000 / TICKS_PER_SECOND);
            }
            if (!process.tree()) {
                threads.put(process.name(), threads(process.pid()));
            }
        }
        Long machine = machineTicks();
        return new Sample(millis, threads, machine == null ? null : machine * 1000 / TICKS_PER_SECOND);
    }

    /**
     * CPU ms per operation by thread name between two samples, the busiest first, with digits folded to {@code #}
     * so the threads of one pool add up ({@code http-nio-#-exec}). A thread that ended in between is not in the
     * second sample: what it did is the process's total minus the threads', reported as {@code (ended threads)}.
     */
    static Map<String, Double> threadsPerOperation(
            Map<Long, ThreadTime> before, Map<Long, ThreadTime> after, long processMillis, long operations) {
        Map<String, Long> byName = new HashMap<>();
        long threads = 0;
        for (Map.Entry<Long, ThreadTime> thread : after.entrySet()) {
            ThreadTime then = before.get(thread.getKey());
            long millis = thread.getValue().millis() - (then == null ? 0 : then.millis());
            byName.merge(thread.getValue().name().replaceAll("\\d+", "#"), millis, Long::sum);
            threads += millis;
        }
        if (processMillis - threads > 0) {
            byName.put("(ended threads)", processMillis - threads);
        }
        Map<String, Double> perOperation = new LinkedHashMap<>();
        byName.entrySet().stream()
                .filter(thread -> thread.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(thread -> perOperation.put(thread.getKey(), (double) thread.getValue() / operations));
        return perOperation;
    }

    /** The process's threads now: id to name and CPU ms; empty once it is gone. */
    private static Map<Long, ThreadTime> threads(long pid) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(
                            Long.parseLong(task.getFileName().toString()),
                            new ThreadTime(name, ticks * 1000 / TICKS_PER_SECOND));
                } catch (IOException | RuntimeException ended) {
                    // The thread ended while it was read: its time is in the process's total.
                }
            });
        } catch (IOException | RuntimeException gone) {
            return Map.of();
        }
        return threads;
    }

    /** Busy ticks of all cores: user, nice, system, irq, softirq and steal of the {@code cpu} line of /proc/stat. */
    static Long machineTicks() {
        try {
            String[] fields =
                    Files.readAllLines(PROC.resolve("stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException notLinux) {
            return null;
        }
    }

    /** The process's own ticks, and those of its reaped children if asked; null once it is gone. */
    static Long ticks(long pid, boolean withReapedChildren) {
        String[] fields = stat(pid);
        if (fields == null) {
            return null;
        }
        // Fields after the command name: state is [0], utime [11], stime [12], cutime [13], cstime [14].
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    private static Long treeTicks(long pid, Map<Long, List<Long>> children) {
        Long own = ticks(pid, true);
        if (own == null) {
            return null;
        }
        long total = own;
        for (long child : children.getOrDefault(pid, List.of())) {
            Long tree = treeTicks(child, children);
            total += tree == null ? 0 : tree;
        }
        return total;
    }

    /** Parent to children, of every process now. */
    private static Map<Long, List<Long>> children() {
        Map<Long, List<Long>> children = new HashMap<>();
        for (long pid : pids()) {
            String[] fields = stat(pid);
            if (fields != null) {
                children.computeIfAbsent(Long.parseLong(fields[1]), p -> new ArrayList<>())
                        .add(pid);
            }
        }
        return children;
    }

    /** The fields of /proc/pid/stat after the command name (which may hold spaces); null once the process is gone. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String ticks = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(ticks) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static List<Long> pids() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .toList();
        } catch (IOException | RuntimeException notLinux) {
            return List.of();
        }
    }

    /** Process id to the ports (as text) of the listening TCP sockets it holds, of the given ports. */
    private static Map<Long, Set<String>> listeningOwners(Set<Integer> ports) {
        Map<String, String> portByInode = new HashMap<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // local_address is [1] as ADDR:PORT in hex, st [3] is 0A when listening, inode [9].
                    if (fields.length > 9 && "0A".equals(fields[3])) {
                        int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                        if (ports.contains(port)) {
                            portByInode.put("socket:[" + fields[9] + "]", Integer.toString(port));
                        }
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                // No such table here: those sockets are not found, and their processes are n/a.
            }
        }
        Map<Long, Set<String>> owners = new LinkedHashMap<>();
        if (portByInode.isEmpty()) {
            return owners;
        }
        // In ascending order: a forked child that kept its parent's socket comes after the parent.
        for (long pid : pids().stream().sorted().toList()) {
            try (Stream<Path> fds = Files.list(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
                fds.map(fd -> {
                            try {
                                return Files.readSymbolicLink(fd).toString();
                            } catch (IOException | RuntimeException closed) {
                                return "";
                            }
                        })
                        .filter(portByInode::containsKey)
                        .forEach(socket -> owners.computeIfAbsent(pid, p -> new HashSet<>())
                                .add(portByInode.get(socket)));
            } catch (IOException | RuntimeException notOurs) {
                // Another user's process, or gone: it cannot be one we measure.
            }
        }
        return owners;
    }
}
