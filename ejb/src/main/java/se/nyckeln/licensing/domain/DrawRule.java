package se.nyckeln.licensing.domain;

/**
 * Which pools a unit may draw from. Pools belong to a legal entity: the kommun (for all its nämnder) or a bolag.
 * A unit draws from its own legal entity's pool; a bolag's unit may draw from the kommun's pool only when that
 * pool's entitlement allows bolag (the agreement lets the city's companies call off), never from another bolag's.
 */
public final class DrawRule {

    private DrawRule() {
    }

    /**
     * @param poolOwnerId         the pool's owner (a KOMMUN or BOLAG unit)
     * @param poolOwnerIsKommun   whether that owner is the kommun
     * @param bolagMayDraw        whether the pool lets bolag draw
     * @param unitLegalEntityId   the legal entity the drawing unit falls under on the day
     * @param unitLegalEntityIsKommun whether that legal entity is the kommun
     */
    public static boolean mayDraw(long poolOwnerId, boolean poolOwnerIsKommun, boolean bolagMayDraw,
                                  long unitLegalEntityId, boolean unitLegalEntityIsKommun) {
        if (poolOwnerId == unitLegalEntityId) {
            return true;
        }
        return poolOwnerIsKommun && !unitLegalEntityIsKommun && bolagMayDraw;
    }
}
