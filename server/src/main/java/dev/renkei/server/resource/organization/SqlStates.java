package dev.renkei.server.resource.organization;

import java.sql.SQLException;

/** PostgreSQL error codes the organisation services turn into problems. */
final class SqlStates {

    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private SqlStates() {
    }

    static boolean is(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A pattern for ILIKE ... ESCAPE '\' that matches {@code text} anywhere, wildcards taken literally. */
    static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
