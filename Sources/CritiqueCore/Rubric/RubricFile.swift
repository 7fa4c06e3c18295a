/// A rubric file read and checked: its text, the tree, the model (when it could be built) and
/// the `rubric-*` findings in it.
/// A class: every check of a batch takes the resolved rubric's file from the workspace's cache,
/// and a struct of these fields was copied out field by field each time.
public final class RubricFile: Sendable {
    public let text: SourceText
    public let json: JSONNode?
    public let rubric: Rubric?
    public let findings: [Finding]

    /// A rubric with errors is not used to check documents.
    public var usable: Rubric? { findings.contains { $0.severity == .error } ? nil : rubric }

    public init(text: SourceText, severities: RuleSeverities = RuleSeverities()) {
        self.text = text
        var sink = FindingSink(severities: severities)
        let (json, syntax) = JSONReader.parse(text)
        for p in syntax { sink.add(RubricSyntax.info, p.range, Message(p.message)) }
        var rubric: Rubric?
        if let json, syntax.isEmpty {
            var d = RubricDecoder()
            rubric = d.decode(json)
            for (rule, range, message, related) in d.problems { sink.add(rule, range, Message(message), related: related) }
            if let r = rubric {
                let ctx = RubricCheckContext(json: json, rubric: r)
                for rule in RubricRules.all { rule.check(ctx, &sink) }
            }
        }
        self.json = json
        self.rubric = rubric?.indexed()
        self.findings = sink.findings.sorted { $0.range.start < $1.range.start }
    }
}

struct RubricCheckContext {
    let json: JSONNode
    let rubric: Rubric
    /// Every object node by its range, so a rule finds a criterion's or a scale's object in
    /// constant time (searching from the root for each criterion was quadratic in the criteria).
    let objects: [TextRange: JSONNode]

    init(json: JSONNode, rubric: Rubric) {
        self.json = json
        self.rubric = rubric
        var objects: [TextRange: JSONNode] = [:]
        // Depth first, the first node of a range kept (ranges of distinct objects differ anyway).
        func walk(_ n: JSONNode) {
            if n.isObject && objects[n.range] == nil { objects[n.range] = n }
            for m in n.members { walk(m.value) }
            for e in n.elements { walk(e) }
        }
        walk(json)
        self.objects = objects
    }

    /// The object node whose range is exactly `range`.
    func object(at range: TextRange) -> JSONNode? { objects[range] }
}

/// A check over a decoded rubric; one a file under Rules/Rubric.
protocol RubricRule: Sendable {
    static var info: RuleInfo { get }
    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink)
}

enum RubricRules {
    /// Rules whose check runs over the decoded rubric (syntax and value problems are found while reading).
    static let all: [any RubricRule.Type] = [
        RubricDuplicateID.self, RubricInvalidScale.self, RubricAnchorOutsideScale.self,
        RubricUnknownTag.self, RubricNoPositivePoints.self, RubricUnknownField.self, RubricGroupField.self,
    ]
}
