package io.orderpipeline.orders.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Forwards a fixed local port to a broker's bootstrap address. The in-process KRaft broker picks its own ports (it
 * ignores {@code kafkaPorts}), so a test that points the service at an address before any broker exists opens this
 * forwarder there once the broker is up. Kafka clients only bootstrap through it: the broker's metadata sends them
 * on to its real address.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

    TcpForwarder(int port, String targetHostAndPort) {
        int colon = targetHostAndPort.lastIndexOf(':');
        this.target = new InetSocketAddress(
                targetHostAndPort.substring(0, colon), Integer.parseInt(targetHostAndPort.substring(colon + 1)));
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        connections.submit(this::acceptUntilClosed);
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHostString(), target.getPort());
                connections.submit(() -> pipe(client, upstream));
                connections.submit(() -> pipe(upstream, client));
            } catch (IOException closedOrRefused) {
                // Closed by close(), or the broker refused one connection: the client sees a reset and retries.
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Copies one direction until either side closes, then closes both, as a direct connection would end. */
    private static void pipe(Socket from, Socket to) {
        try (from;
                to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException connectionEnded) {
            // The try-with-resources closes both sockets, ending the other direction too.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
