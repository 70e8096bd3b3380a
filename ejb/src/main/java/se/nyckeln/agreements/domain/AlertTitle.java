package se.nyckeln.agreements.domain;

/**
 * The title of an alert as a text key of the explanations bundle
 * ({@code se/nyckeln/agreements/application/explanations*.properties}) and the number of its parameters. The
 * parameters are stored with the alert ({@code agreement_alert.title_args}); the words come from the caller's
 * language when the alert is read.
 */
public enum AlertTitle {
    /** An agreement reaches its last day to give notice: {0} reference, {1} title. */
    NOTICE_DATE("agreements.alert.notice-date", 2),
    /** A subscription ends: {0} product name, {1} seats. */
    SUBSCRIPTION_ENDING("agreements.alert.subscription-ending", 2),
    /** The maintenance of a perpetual licence ends: {0} product name, {1} seats. */
    MAINTENANCE_ENDING("agreements.alert.maintenance-ending", 2),
    /** A row stored before titles had keys whose words could not be converted: {0} the stored text. */
    LEGACY("agreements.alert.legacy", 1);

    private final String key;
    private final int parameters;

    AlertTitle(String key, int parameters) {
        this.key = key;
        this.parameters = parameters;
    }

    public String key() {
        return key;
    }

    public int parameters() {
        return parameters;
    }
}
