package se.nyckeln.platform.rest;

import java.util.List;

/**
 * RFC 9457 problem details: {@code type}, {@code title}, {@code status}, {@code detail}, plus Nyckeln's stable
 * {@code code}, the offending {@code field} and, for imports, every {@code errors} entry.
 */
public record Problem(String type, String title, int status, String detail, String code, String field,
                      List<ErrorEntry> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record ErrorEntry(String file, Long line, String column, String value, String reason, String message) {
    }
}
