package se.nyckeln.platform.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.problem.ImportError;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Builds problem+json responses with texts from the {@code problems} bundle: Swedish by default, English when
 * the client's {@code Accept-Language} prefers it.
 */
public final class Problems {

    private static final Locale SWEDISH = Locale.forLanguageTag("sv");

    private Problems() {
    }

    public static Locale locale(HttpHeaders headers) {
        if (headers != null) {
            for (Locale l : headers.getAcceptableLanguages()) {
                if ("en".equals(l.getLanguage())) {
                    return Locale.ENGLISH;
                }
                if ("sv".equals(l.getLanguage())) {
                    return SWEDISH;
                }
            }
        }
        return SWEDISH;
    }

    public static String text(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle("se.nyckeln.platform.problems",
                "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT, Problems.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    public static Response response(int status, String code, String field, Locale locale, List<ImportError> errors,
                                    Object... args) {
        String title = text(locale, "title." + status);
        String detail = text(locale, code, args);
        List<Problem.ErrorEntry> entries = errors == null ? null : errors.stream()
                .map(e -> new Problem.ErrorEntry(e.file(), e.line() > 0 ? e.line() : null, e.column(), e.value(),
                        e.reason(), text(locale, "import." + e.reason(), e.args())))
                .toList();
        Problem p = new Problem("urn:nyckeln:problem:" + code, title, status, detail, code, field,
                entries == null || entries.isEmpty() ? null : entries);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
