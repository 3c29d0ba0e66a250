using BenchmarkDotNet.Running;

// Run all:      dotnet run -c Release --project tests/Benchmarks -- --filter '*'
// Run a group:  dotnet run -c Release --project tests/Benchmarks -- --filter '*StateResolution*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
