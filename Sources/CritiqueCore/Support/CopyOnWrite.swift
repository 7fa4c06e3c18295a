/// A value kept behind one reference, copied only when it is changed while shared. The tree's,
/// the rubric's and the check's larger structs (`CritiqueDocument`, `Criterion`,
/// `Rubric`, `Finding`) keep their fields in one: a rule
/// that copies a section or a criterion then pays one retain, not one per array and string
/// the value holds, and dropping a copy is one release.
struct CopyOnWrite<Value: Sendable>: @unchecked Sendable {
    // Unchecked: the reference is shared only while nobody changes it; `value`'s modify
    // accessor copies it first when it is shared.
    private final class Ref {
        // Unchecked: every access goes through `value` below, which only writes to a
        // reference it holds alone; the runtime's tracking of each field access was about a
        // tenth of a 3 KB keystroke (callgrind).
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }
    private var ref: Ref

    init(_ value: Value) { ref = Ref(value) }

    var value: Value {
        _read { yield ref.value }
        _modify {
            if !isKnownUniquelyReferenced(&ref) { ref = Ref(ref.value) }
            yield &ref.value
        }
    }
}
