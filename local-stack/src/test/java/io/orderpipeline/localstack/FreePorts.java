package io.orderpipeline.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports below Linux's ephemeral range (32768 and up), never the same one twice. A port from {@code new
 * ServerSocket(0)} lies in that range, where the stack's own outgoing connections (Kafka's, while MongoDB is still to
 * start) can take it first: "Address already in use" in one CI run.
 */
final class FreePorts {

    private final Set<Integer> taken = new HashSet<>();

    synchronized int next() {
        while (true) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            if (taken.add(port) && isFree(port)) {
                return port;
            }
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
