package dev.renkei.server.consent;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;

/** 409 {@code journey-step-invalid}, carrying the step the journey is at (the problem's {@code current_step}). */
public class JourneyStepException extends ProblemException {

    private final Journey.Step currentStep;

    public JourneyStepException(Journey.Step currentStep, String detail) {
        super(ProblemType.JOURNEY_STEP_INVALID, detail);
        this.currentStep = currentStep;
    }

    public Journey.Step currentStep() {
        return currentStep;
    }
}
