package dev.campaigns.modularityfixture;

import org.springframework.modulith.Modulithic;

/** A deliberately broken module layout, to prove that {@code ModularityTests} can fail. */
@Modulithic
public class FixtureApplication {

}
