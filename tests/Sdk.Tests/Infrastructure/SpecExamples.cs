using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tangle.Sdk.Tests.Infrastructure;

/// <summary>
/// The JSON examples of the Matrix spec, extracted into Fixtures/spec by Fixtures/extract_spec_examples.py.
/// </summary>
internal static class SpecExamples
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec");

    public static string Text(string name)
    {
        var path = Path.Combine(Directory, name);
        Assert.True(File.Exists(path), $"missing spec example {name}");
        return File.ReadAllText(path);
    }

    public static JsonElement Element(string name) => JsonDocument.Parse(Text(name)).RootElement.Clone();

    public static JsonNode Node(string name) => JsonNode.Parse(Text(name))!;

    /// <summary>The names of every example whose file name starts with <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Named(string prefix) =>
        System.IO.Directory.EnumerateFiles(Directory, prefix + "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
