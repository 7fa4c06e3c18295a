// libFuzzer entry point for the `rubric` target. The checks are FuzzPipelines.rubric
// (Tests/CritiqueTests/FuzzPipelines.swift), shared with FuzzRegressionTests; this file only
// turns a broken invariant into a crash libFuzzer records. Not a SwiftPM target:
// Tests/Fuzz/run.sh compiles it with the sources, Framer.swift and FuzzPipelines.swift using
// `swiftc -sanitize=fuzzer,address -parse-as-library`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let broken = FuzzPipelines.rubric(Array(UnsafeBufferPointer(start: data, count: size)))
    if !broken.isEmpty { fatalError("rubric: " + broken.joined(separator: "; ")) }
    return 0
}
