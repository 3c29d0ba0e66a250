using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk;

/// <summary>
/// The JSON settings every request and response goes through. Property names come from
/// <see cref="JsonPropertyNameAttribute"/> on each model (the spec's snake_case names, exactly),
/// so no naming policy is applied and anonymous objects passed as content keep their names.
/// </summary>
public static class MatrixJson
{
    /// <summary>The shared, read-only serializer options: nulls are omitted, enums are strings.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>An empty JSON object, <c>{}</c>.</summary>
    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Serialises a value with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserialises a value with <see cref="Options"/>, failing on a JSON <c>null</c>.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    /// <summary>Deserialises a JSON element with <see cref="Options"/>, failing on a JSON <c>null</c>.</summary>
    public static T Deserialize<T>(JsonElement json) =>
        json.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    /// <summary>Turns any value (an anonymous object, a dictionary, a model) into a detached JSON element.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            // JSON here travels over HTTP, never into HTML: write non-ASCII text and '+' as themselves, not \uXXXX.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
