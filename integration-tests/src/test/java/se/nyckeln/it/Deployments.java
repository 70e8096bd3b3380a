package se.nyckeln.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import java.io.File;

/** The real EAR, exactly as the build produced it. */
public final class Deployments {

    private Deployments() {
    }

    public static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("nyckeln.ear"));
        return ShrinkWrap.create(ZipImporter.class, "nyckeln.ear").importFrom(ear).as(EnterpriseArchive.class);
    }
}
