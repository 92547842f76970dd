package dev.campaigns.modularityfixture.beta;

public class Api {

}
