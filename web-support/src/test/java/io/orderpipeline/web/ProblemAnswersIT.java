package io.orderpipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error answer is a problem without internals, whoever gives it: Tomcat refusing a request before Spring sees
 * it, Spring Boot's error path for an unhandled exception, a {@code sendError} or no handler. The requests go over a
 * raw socket, so they reach the server byte for byte as written (no client re-encodes {@code %00} or a backslash).
 */
@SpringBootTest(classes = ProblemsTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemAnswersIT {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/orders/a%2Fb/state", // encoded slash
                "/orders/a%5Cb/state", // encoded backslash
                "/orders/a%00b/state", // encoded NUL
                "/orders/a%zzb/state", // bad percent-encoding
                "/orders/a%/state", // truncated percent-encoding
                "/orders/../../etc/passwd", // normalized out of the root
            })
    void pathsTomcatRefusesAreProblems(String path) throws IOException {
        Answer answer = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 400);
    }

    @Test
    void headersTooLargeAreAProblem() throws IOException {
        Answer answer = send("GET /orders/1/state HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 400);
    }

    @Test
    void aMalformedHeaderIsAProblem() throws IOException {
        Answer answer =
                send("GET /orders/1/state HTTP/1.1\r\nHost: localhost\r\n(bad header): x\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 400);
    }

    @Test
    void anUnhandledExceptionIsAGeneric500WithAReference() throws IOException {
        Answer answer = send("GET /boom HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 500);
        assertThat(answer.body()).contains("\"reference\"").contains("the request could not be completed");
    }

    @Test
    void aSendErrorIsAProblemWithoutItsMessage() throws IOException {
        assertProblem(send("GET /forbidden HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 403);
    }

    @Test
    void noHandlerIsAProblem() throws IOException {
        assertProblem(send("GET /nothing/here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404);
    }

    @Test
    void aRequestThatIsFineIsLeftAlone() throws IOException {
        Answer answer = send("GET /orders/abc/state HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"orderId\":\"3\"}");
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.body())
                .as(answer.toString())
                .contains("\"status\":" + status)
                // Every problem names a trace, whichever layer wrote it: Tomcat's refusals start one of their own.
                .containsPattern("\"traceId\":\"[0-9a-f]{32}\"")
                .contains("\"title\":")
                .contains("\"detail\":")
                .doesNotContainIgnoringCase("<html")
                .doesNotContainIgnoringCase("tomcat")
                .doesNotContain("Exception")
                .doesNotContain("secret")
                .doesNotContain("com.example")
                .doesNotContain("org.");
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return Answer.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Answer(status, headers, body);
        }

        private static String unchunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
