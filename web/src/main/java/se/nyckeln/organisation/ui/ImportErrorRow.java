package se.nyckeln.organisation.ui;

import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.platform.rest.Problems;

import java.io.Serializable;
import java.util.Locale;

/** One line of the import error report, with the reason already in the user's language. */
public record ImportErrorRow(String file, String line, String column, String value, String reason)
        implements Serializable {

    static ImportErrorRow of(ImportError error, Locale locale) {
        // line 0 means the error concerns the whole file (e.g. a missing header), not one line
        return new ImportErrorRow(error.file(), error.line() > 0 ? Long.toString(error.line()) : "", error.column(),
                error.value(), Problems.text(locale, "import." + error.reason(), error.args()));
    }
}
