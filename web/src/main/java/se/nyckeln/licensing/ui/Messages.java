package se.nyckeln.licensing.ui;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.ui.LocaleView;

/** Shows a use case's outcome or refusal as a Faces message in the caller's language. */
final class Messages {

    private Messages() {
    }

    static void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    static void refused(LocaleView texts, BusinessException e) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                Problems.text(texts.getLocale(), e.code(), e.args()), null));
    }

    /** Öre as kronor with two decimals, Swedish style ("1 234,50"). */
    static String kronor(Long ore, LocaleView texts) {
        if (ore == null) {
            return "–";
        }
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(texts.getLocale());
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return f.format(java.math.BigDecimal.valueOf(ore, 2));
    }
}
