using System.Globalization;
using Tangle.Gateway.Http;
using Tangle.Grains;

namespace Tangle.Gateway.Media;

/// <summary>The two thumbnailing methods of the specification.</summary>
internal enum ThumbnailMethod
{
    /// <summary>Exactly the requested size and aspect ratio, cut from the middle of the image.</summary>
    Crop,

    /// <summary>The original aspect ratio, as large as fits within the requested size.</summary>
    Scale,
}

/// <summary>What a client asked of <c>/thumbnail</c>.</summary>
internal sealed record ThumbnailRequest(int Width, int Height, ThumbnailMethod Method, bool Animated)
{
    /// <summary>Names a generated thumbnail on disk: one file per distinct request.</summary>
    public string CacheKey => string.Create(CultureInfo.InvariantCulture,
        $"{Width}x{Height}-{(Method == ThumbnailMethod.Crop ? "crop" : "scale")}-{(Animated ? "animated" : "static")}");

    /// <summary>Reads <c>width</c>, <c>height</c>, <c>method</c> (default scale) and <c>animated</c> (default false).</summary>
    public static ThumbnailRequest Parse(IQueryCollection query) => new(
        Dimension(query, "width"),
        Dimension(query, "height"),
        query["method"].ToString() switch
        {
            "" or "scale" => ThumbnailMethod.Scale,
            "crop" => ThumbnailMethod.Crop,
            var other => throw MatrixException.InvalidParam($"method must be crop or scale, not '{other}'"),
        },
        query["animated"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => throw MatrixException.InvalidParam($"animated must be true or false, not '{other}'"),
        });

    private static int Dimension(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            throw MatrixResults.MissingParam(name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw MatrixException.InvalidParam($"{name} must be a positive integer");
        return value;
    }
}
