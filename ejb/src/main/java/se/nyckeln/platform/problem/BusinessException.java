package se.nyckeln.platform.problem;

import jakarta.ejb.ApplicationException;

import java.util.List;

/**
 * The one exception family for business failures. Carries a stable error code (which clients may rely on),
 * the HTTP status it maps to, the offending field and message arguments; the message text itself comes from
 * the {@code problems} resource bundles in the caller's language. Rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class BusinessException extends RuntimeException {

    private final String code;
    private final int status;
    private final String field;
    private final transient Object[] args;
    private final transient List<ImportError> errors;

    public BusinessException(int status, String code, String field, Object... args) {
        this(status, code, field, List.of(), args);
    }

    public BusinessException(int status, String code, String field, List<ImportError> errors, Object... args) {
        super(code);
        this.status = status;
        this.code = code;
        this.field = field;
        this.args = args;
        this.errors = List.copyOf(errors);
    }

    public static BusinessException notFound(String entity, Object id) {
        return new BusinessException(404, "not-found", null, entity, String.valueOf(id));
    }

    public static BusinessException conflict(String code, Object... args) {
        return new BusinessException(409, code, null, args);
    }

    public static BusinessException invalid(String code, String field, Object... args) {
        return new BusinessException(422, code, field, args);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Object[] args() {
        return args == null ? new Object[0] : args.clone();
    }

    public List<ImportError> errors() {
        return errors == null ? List.of() : errors;
    }
}
