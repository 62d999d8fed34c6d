package io.orderpipeline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which JDBC failures say the database is away (503, retry) rather than the query wrong (500). */
class QueryProblemsTest {

    final QueryProblems problems = new QueryProblems();

    @Test
    void aDatabaseThatIsAwayIsA503WithRetryAfter() {
        List<RuntimeException> away = List.of(
                new CannotGetJdbcConnectionException("no connection within the pool's timeout"),
                new CannotCreateTransactionException("could not open a JDBC connection for a transaction"),
                new DataAccessResourceFailureException("connection refused"),
                new QueryTimeoutException("no answer within the socket timeout"),
                new TransientDataAccessResourceException("transient"),
                new UncategorizedSQLException("query", "SELECT 1", new SQLException("I/O error", "08006")),
                new TransactionSystemException(
                        "could not roll back", new SQLException("This connection has been closed.", "08003")));
        for (RuntimeException failure : away) {
            var answer = problems.databaseFailed(failure);
            assertThat(answer.getStatusCode()).as(failure.toString()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getBody().getTitle()).isEqualTo("Read model unavailable");
        }
    }

    @Test
    void aWrongQueryOrARefusedRowIsA500WithAReferenceAndNoDriverMessage() {
        List<RuntimeException> wrong = List.of(
                new BadSqlGrammarException("query", "SELECT nope", new SQLException("column nope", "42703")),
                new DataIntegrityViolationException("invalid byte sequence", new SQLException("0x00", "22021")));
        for (RuntimeException failure : wrong) {
            var answer = problems.databaseFailed(failure);
            assertThat(answer.getStatusCode()).as(failure.toString()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
            assertThat(answer.getBody().getProperties()).containsKey("reference");
            assertThat(answer.getBody().getDetail()).doesNotContain("nope", "0x00");
        }
    }
}
