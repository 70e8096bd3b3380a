package se.nyckeln.platform.ui;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

import java.io.Serializable;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The language of the UI for this session: Swedish unless the user switches to English. The browser's
 * Accept-Language is deliberately ignored, since the city works in Swedish and an English-language browser
 * should not change that.
 */
@Named
@SessionScoped
public class LocaleView implements Serializable {

    public static final Locale SWEDISH = Locale.forLanguageTag("sv");
    static final String BUNDLE = "se.nyckeln.platform.ui.texts";

    private Locale locale = SWEDISH;

    public Locale getLocale() {
        return locale;
    }

    public String getLanguage() {
        return locale.getLanguage();
    }

    /** The language the switch offers: the one not in use. */
    public String getOtherLanguage() {
        return "en".equals(locale.getLanguage()) ? "sv" : "en";
    }

    /** Switches language and reloads the current page with a redirect (so a reload does not re-post). */
    public String switchLanguage() {
        locale = "en".equals(getOtherLanguage()) ? Locale.ENGLISH : SWEDISH;
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getViewRoot().setLocale(locale);
        return faces.getViewRoot().getViewId() + "?faces-redirect=true";
    }

    /**
     * A UI text in the session's language, for messages built in Java. Looked up without falling back to the
     * JVM's default locale, which on a server is often English.
     */
    public String text(String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, LocaleView.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }
}
