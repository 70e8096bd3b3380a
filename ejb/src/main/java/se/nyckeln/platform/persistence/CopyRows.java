package se.nyckeln.platform.persistence;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Rows sent to PostgreSQL with {@code COPY table (columns) FROM STDIN} (text format) on the transaction's own
 * connection, for the set-based writers whose rows cost more to pass as array parameters than to stream (the
 * usage import's staging table). Values are written in COPY's text format: {@code \N} is NULL, and backslash,
 * tab, newline and carriage return inside a value are escaped, so any text (quotes, separators, line breaks,
 * non-ASCII letters, UTF-8 as pgjdbc always speaks) arrives as it was.
 *
 * <p>Use: {@code open}, per row {@code add(...)} each column in the COPY's column order and {@code endRow()}, then
 * {@link #finish()}; {@link #close()} cancels a copy that was not finished (the transaction is then failed by the
 * caller anyway). While a copy is open the connection can run nothing else: finish it before the next query.
 *
 * <p>The connection is unwrapped to pgjdbc's {@link PGConnection}; in WildFly the deployment sees the same driver
 * classes as the datasource through its dependency on the module {@code org.postgresql}
 * ({@code ear/src/main/application/META-INF/jboss-deployment-structure.xml}).
 */
public final class CopyRows implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final CopyIn copy;
    private final byte[] buffer = new byte[BUFFER];
    private int length;
    private boolean rowStarted;
    private long rows;
    private boolean finished;

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code copySql} ({@code COPY t (a, b) FROM STDIN}, text format) on {@code connection}. */
    public static CopyRows open(Connection connection, String copySql) throws SQLException {
        return new CopyRows(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    public CopyRows add(long value) throws SQLException {
        separator();
        ascii(Long.toString(value));
        return this;
    }

    /** A nullable number. */
    public CopyRows add(Long value) throws SQLException {
        return value == null ? addNull() : add(value.longValue());
    }

    /** A date as {@code YYYY-MM-DD} (ISO, what PostgreSQL reads whatever its DateStyle), or NULL. */
    public CopyRows add(LocalDate value) throws SQLException {
        if (value == null) {
            return addNull();
        }
        separator();
        ascii(value.toString());
        return this;
    }

    public CopyRows add(boolean value) throws SQLException {
        separator();
        ascii(value ? "t" : "f");
        return this;
    }

    /** Text as it is (escaped for the text format), or NULL. */
    public CopyRows add(String value) throws SQLException {
        if (value == null) {
            return addNull();
        }
        separator();
        text(value);
        return this;
    }

    public CopyRows addNull() throws SQLException {
        separator();
        ascii("\\N");
        return this;
    }

    public void endRow() throws SQLException {
        put((byte) '\n');
        rowStarted = false;
        rows++;
    }

    /** Sends what is buffered and ends the copy; returns the rows the server took. */
    public long finish() throws SQLException {
        flush();
        long taken = copy.endCopy();
        finished = true;
        if (taken != rows) {
            throw new SQLException("COPY took " + taken + " rows of " + rows);
        }
        return taken;
    }

    /** Rows ended so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (!finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    /** The text format of one value (without the separators), for tests. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private void separator() throws SQLException {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
    }

    private void ascii(String s) throws SQLException {
        if (length + s.length() > BUFFER) {
            flush();
        }
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void text(String s) throws SQLException {
        boolean plain = s.length() <= BUFFER;
        for (int i = 0; i < s.length() && plain; i++) {
            char ch = s.charAt(i);
            plain = ch >= 0x20 && ch < 0x7f && ch != '\\';
        }
        if (plain) {
            ascii(s);
            return;
        }
        byte[] bytes = escape(s).getBytes(StandardCharsets.UTF_8);
        if (length + bytes.length > BUFFER) {
            flush();
        }
        if (bytes.length > BUFFER) {
            copy.writeToCopy(bytes, 0, bytes.length);
            return;
        }
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(byte b) throws SQLException {
        if (length == BUFFER) {
            flush();
        }
        buffer[length++] = b;
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }
}
