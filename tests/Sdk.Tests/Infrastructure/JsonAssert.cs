using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tangle.Sdk.Tests.Infrastructure;

/// <summary>Structural JSON assertions.</summary>
internal static class JsonAssert
{
    /// <summary>Asserts two JSON texts hold the same value, ignoring property order and formatting.</summary>
    public static void Equal(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.\nExpected: {e?.ToJsonString()}\nActual:   {a?.ToJsonString()}");
    }

    /// <summary>
    /// Asserts every value in <paramref name="original"/> is present, equal, in <paramref name="reserialized"/>:
    /// nothing the server sent was dropped or altered. The SDK may add empty defaults (e.g. <c>[]</c>).
    /// </summary>
    public static void Preserves(string original, string reserialized) =>
        Preserves(JsonNode.Parse(original), JsonNode.Parse(reserialized), "$");

    private static void Preserves(JsonNode? original, JsonNode? copy, string path)
    {
        switch (original)
        {
            case JsonObject o:
                var c = Assert.IsType<JsonObject>(copy, exactMatch: false);
                foreach (var (name, value) in o)
                {
                    Assert.True(c.ContainsKey(name), $"{path}.{name} was dropped");
                    Preserves(value, c[name], $"{path}.{name}");
                }

                break;
            case JsonArray array:
                var copyArray = Assert.IsType<JsonArray>(copy, exactMatch: false);
                Assert.True(array.Count == copyArray.Count, $"{path} has {copyArray.Count} items, expected {array.Count}");
                for (var i = 0; i < array.Count; i++)
                    Preserves(array[i], copyArray[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(original, copy), $"{path}: expected {original?.ToJsonString() ?? "null"}, got {copy?.ToJsonString() ?? "nothing"}");
                break;
        }
    }

    /// <summary>The string value at a property of an element.</summary>
    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
