import CritiqueCore
import CritiqueLSP
import Foundation
import Testing

/// Inputs the fuzzers (Tests/Fuzz/) found, replayed through the same pipelines as the
/// harnesses: `Fixtures/fuzz/<target>-<name>.fuzz`, target one of `document`, `rubric`,
/// `framer`. A crash brings the test process down; the invariants are expectations here.
/// (The `.fuzz` suffix keeps these files out of the `*.critique.md` / `*.rubric.json` fixture
/// sweeps of the other tests.)
struct FuzzRegressionTests {
    static let inputs = Support.fixtureFiles(under: "fuzz", suffix: ".fuzz")

    @Test func inputsArePresent() {
        #expect(!Self.inputs.isEmpty, "no files in Fixtures/fuzz/")
    }

    @Test(arguments: inputs)
    func replay(_ rel: String) {
        let bytes = Support.bytes(rel)
        let name = (rel as NSString).lastPathComponent
        let problems: [String]
        if name.hasPrefix("document-") { problems = FuzzPipelines.document(bytes) }
        else if name.hasPrefix("rubric-") { problems = FuzzPipelines.rubric(bytes) }
        else if name.hasPrefix("framer-") { problems = FuzzPipelines.framer(bytes) }
        else { Issue.record("\(rel): name must start with document-, rubric- or framer-"); return }
        #expect(problems.isEmpty, "\(rel): \(problems.joined(separator: "; "))")
    }
}
