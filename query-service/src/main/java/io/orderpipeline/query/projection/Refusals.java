package io.orderpipeline.query.projection;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.dao.DataAccessException;

/**
 * Tells a row PostgreSQL refuses (a data exception or a violated constraint: the same row fails every time) from a
 * database that is unwell (the same batch succeeds later), and says why in PostgreSQL's own words, without the SQL.
 */
final class Refusals {

    private Refusals() {}

    /** SQLSTATE class 22 (data exception: a NUL, a value too long, …) or 23 (integrity constraint violation). */
    static boolean isRefusal(DataAccessException e) {
        SQLException sql = innermostSql(e);
        String state = sql == null ? null : sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** PostgreSQL's message (first line, which names the problem, not the statement) and its SQLSTATE. */
    static String describe(DataAccessException e) {
        SQLException sql = innermostSql(e);
        if (sql == null || sql.getMessage() == null) {
            return e.getClass().getSimpleName();
        }
        String message = sql.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
        return message + " (SQLSTATE " + sql.getSQLState() + ")";
    }

    /** The driver's own exception: a batch's failure hangs from {@link SQLException#getNextException()}. */
    private static SQLException innermostSql(Throwable failure) {
        SQLException found = null;
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
                for (SQLException next = sql.getNextException(); next != null && seen.add(next); ) {
                    found = next;
                    next = next.getNextException();
                }
            }
        }
        return found;
    }
}
