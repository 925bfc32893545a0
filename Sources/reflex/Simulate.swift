import ArgumentParser
import ReflexConfig
import ReflexCore
import ReflexSimulator

/// `reflex simulate SCENARIO`: run one scenario and give its trace and timeline picture.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one scenario and print its trace (JSON lines); optionally draw its timeline as SVG.",
        discussion: """
            The trace goes to standard output, or to the --trace file; failed expectations and the status \
            line go to standard error. Exit status: 0 all expectations held, 1 one failed, 2 usage, an \
            invalid scenario, or a rule set with errors.
            """
    )

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: ArgumentHelp("Write the trace to this file instead of standard output.", valueName: "file"))
    var trace: String?

    @Option(help: ArgumentHelp("Write the timeline picture (SVG) to this file.", valueName: "file.svg"))
    var plot: String?

    func run() throws {
        let prepared = PreparedScenario(try scenarioFiles([scenario])[0])
        if !prepared.diagnostics.isEmpty { Output.error(prepared.diagnostics) }
        guard prepared.simulation != nil else { throw ExitCode(ExitStatus.scenarios(failed: 0, invalid: 1)) }
        let output: TraceOutput
        do throws(TraceOutput.OpenFailure) {
            output = try trace.map { path throws(TraceOutput.OpenFailure) in try TraceOutput(path: path) } ?? TraceOutput()
        } catch {
            Output.error("\(trace ?? ""): error: cannot write the file: \(error.reason)")
            throw ExitCode(ExitStatus.usage)
        }
        guard let report = prepared.run(retention: .evidence, timeline: plot != nil, trace: output.line) else {
            throw ExitCode(ExitStatus.scenarios(failed: 0, invalid: 1))
        }
        if let problem = output.finish() {
            Output.error("\(trace ?? "standard output"): error: the trace was not written in full: \(problem)")
            throw ExitCode(ExitStatus.usage)
        }
        if let plot, let timeline = report.result.timeline { try write(TimelinePlot.svg(timeline), to: plot) }
        if !report.result.passed { Output.error(report.failures(context: false)) }
        Output.error(report.statusLine)
        throw ExitCode(ExitStatus.scenarios(failed: report.result.passed ? 0 : 1, invalid: 0))
    }

    private func write(_ text: String, to path: String) throws {
        if let problem = Output.write(text, toFile: path) {
            Output.error("\(path): error: cannot write the file: \(problem)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
