import ReflexCore

/// Plant models and signal generators: moved along with the run, published on their own instants.
extension VirtualRun {
    /// Moves every model to `t` with the outputs that held since it last moved; called before each engine event,
    /// so that a plant sees each output value for exactly as long as it was driven.
    func advanceModels(to t: Int64) {
        guard !models.isEmpty else { return }
        for i in models.indices {
            models[i].advance(to: t) { slot in PlantInput.numeric(self.engine.value(of: slot)) }
        }
    }

    /// The models due at `t` publish their values, together, in the order the models are written.
    func publishModels(at t: Int64) {
        var updates: [(slot: Int, value: Value)] = []
        for i in models.indices where models[i].next == t {
            models[i].advance(to: t) { slot in PlantInput.numeric(self.engine.value(of: slot)) }
            updates.append((models[i].slot, models[i].value))
            models[i].published()
        }
        if !updates.isEmpty { update(updates, .model, at: t) }
    }
}
