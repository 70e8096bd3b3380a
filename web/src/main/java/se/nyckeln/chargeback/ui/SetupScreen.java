package se.nyckeln.chargeback.ui;

import jakarta.ejb.EJBAccessException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.Part;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What the four set-up screens (portfolio, cost types, keys, cost pools) share: who may edit, running a command with
 * its Swedish (or English) answer as a message, CSV uploads with the import report, and kronor. The services decide
 * and audit everything; a screen only passes the input on and shows the answer.
 */
final class SetupScreen implements Serializable {

    private final LocaleView texts;
    private List<ImportProblemRow> importErrors = List.of();
    private String rejectedFile;

    SetupScreen(LocaleView texts) {
        this.texts = texts;
    }

    /** One line of a rejected import, the reason in the user's language. */
    public record ImportProblemRow(String line, String column, String value, String reason) implements Serializable {
    }

    /** An action of the screen; may throw the services' exceptions. */
    interface Action {
        void run() throws Exception;
    }

    static boolean finance() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Role.FIN);
    }

    static boolean financeOrAuditor() {
        return finance() || FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Role.AUDIT);
    }

    /**
     * The pages are protected in web.xml (FINANCE and AUDITOR only); this guards a view bean created some other way.
     * @return false when the caller was refused (the response is then complete)
     */
    static boolean admitted() {
        if (financeOrAuditor()) {
            return true;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            faces.getExternalContext().responseSendError(403, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        faces.responseComplete();
        return false;
    }

    /** Runs a change; on success the OK text, on a refusal the problem's text from problems.properties. */
    boolean act(Action action, String okKey, Object... okArgs) {
        FacesContext faces = FacesContext.getCurrentInstance();
        importErrors = List.of();
        rejectedFile = null;
        try {
            if (!finance()) {
                throw new EJBAccessException();
            }
            action.run();
            if (okKey != null) {
                info(okKey, okArgs);
            }
            return true;
        } catch (BusinessException e) {
            if ("import-rejected".equals(e.code())) {
                rejectedFile = e.args().length > 0 ? String.valueOf(e.args()[0]) : "";
                Locale locale = texts.getLocale();
                importErrors = e.errors().stream().map(err -> new ImportProblemRow(
                        err.line() > 0 ? Long.toString(err.line()) : "", err.column(), err.value(),
                        Problems.text(locale, "import." + err.reason(), err.args()))).toList();
            }
            error(Problems.text(texts.getLocale(), e.code(), e.args()));
        } catch (EJBAccessException e) {
            error(Problems.text(texts.getLocale(), "forbidden"));
        } catch (ArithmeticException | IllegalArgumentException | java.time.DateTimeException e) {
            error(texts.text("chargeback.setup.msg.badInput"));
        } catch (Exception e) {
            Throwable cause = e.getCause();
            if (cause instanceof BusinessException b) {
                error(Problems.text(texts.getLocale(), b.code(), b.args()));
            } else {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    void info(String key, Object... args) {
        FacesContext.getCurrentInstance().addMessage(null,
                new FacesMessage(FacesMessage.SEVERITY_INFO, texts.text(key, args), null));
    }

    void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    String text(String key, Object... args) {
        return texts.text(key, args);
    }

    /** A required text of at most {@code max} characters (the REST edge's limits); otherwise bad input. */
    static String require(String value, int max) {
        if (value == null || value.isBlank() || value.trim().length() > max) {
            throw new IllegalArgumentException("text");
        }
        return value.trim();
    }

    /** An optional text of at most {@code max} characters, blank as null. */
    static String optional(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.trim().length() > max) {
            throw new IllegalArgumentException("text");
        }
        return value.trim();
    }

    /** A CSV import of one of the screens: file name and bytes in, the import report out. */
    interface Importer {
        se.nyckeln.chargeback.application.ChargebackViews.ImportReport run(String fileName, byte[] bytes)
                throws Exception;
    }

    /**
     * The upload of a set-up screen: the file's name and bytes to the importer, its report as the message, a
     * rejection (with every problem) as {@link #act} shows it.
     */
    boolean upload(Part file, Importer importer) {
        return act(() -> {
            se.nyckeln.chargeback.application.ChargebackViews.ImportReport r = importer.run(fileName(file), bytes(file));
            info("chargeback.setup.msg.imported", r.file(), r.rows(), r.created(), r.updated(), r.unchanged());
        }, null);
    }

    /** The uploaded file's bytes; an empty or missing upload is bad input. */
    static byte[] bytes(Part file) throws IOException {
        if (file == null || file.getSize() == 0) {
            throw new IllegalArgumentException("file");
        }
        try (InputStream in = file.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Only the name (some browsers send the client-side path). */
    static String fileName(Part file) {
        String name = file.getSubmittedFileName();
        if (name == null) {
            return "upload.csv";
        }
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return cut < 0 ? name : name.substring(cut + 1);
    }

    /** Öre as "1 234,56". */
    static String kronor(Long ore) {
        if (ore == null) {
            return "";
        }
        long abs = Math.abs(ore);
        String kr = String.format(Locale.ROOT, "%,d", abs / 100).replace(',', ' ');
        return (ore < 0 ? "−" : "") + kr + "," + String.format(Locale.ROOT, "%02d", abs % 100);
    }

    /** Öre as an editable "1234,56". */
    static String kronorPlain(long ore) {
        long abs = Math.abs(ore);
        return (ore < 0 ? "-" : "") + abs / 100 + "," + String.format(Locale.ROOT, "%02d", abs % 100);
    }

    List<ImportProblemRow> importErrors() {
        return importErrors;
    }

    String rejectedFile() {
        return rejectedFile;
    }
}
