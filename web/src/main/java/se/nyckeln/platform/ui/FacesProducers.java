package se.nyckeln.platform.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.faces.annotation.FacesConfig;
import jakarta.faces.context.FacesContext;

/** Turns on Faces CDI integration ({@code @Inject FacesContext}). */
@FacesConfig
public class FacesProducers {

    @Produces
    @RequestScoped
    public FacesContext facesContext() {
        return FacesContext.getCurrentInstance();
    }
}
