using Microsoft.AspNetCore.Diagnostics;
using Tangle.Grains;
using Tangle.Grains.Matrix;

namespace Tangle.Gateway.Http;

/// <summary>
/// Every failure becomes the specification's error JSON: refusals with their errcode, unknown
/// endpoints as M_UNRECOGNIZED, and anything unexpected as a logged 500 M_UNKNOWN.
/// </summary>
internal static partial class MatrixErrorHandling
{
    public static void UseMatrixErrors(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var result = failure switch
            {
                MatrixException matrix => MatrixResults.From(matrix),
                BadHttpRequestException bad when bad.StatusCode == 413 => MatrixResults.Error(413, ErrCode.TooLarge, "request is too large"),
                BadHttpRequestException bad => MatrixResults.Error(400, ErrCode.BadJson, bad.Message),
                OperationCanceledException when context.RequestAborted.IsCancellationRequested => Results.Empty,
                _ => Unexpected(context, failure),
            };
            await result.ExecuteAsync(context);
        }));
    }

    private static IResult Unexpected(HttpContext context, Exception? failure)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tangle.Gateway");
        LogUnexpected(logger, context.Request.Method, context.Request.Path, failure);
        return MatrixResults.Error(500, ErrCode.Unknown, "internal server error");
    }

    /// <summary>Unknown paths: 404 M_UNRECOGNIZED; a known path with the wrong method: 405 M_UNRECOGNIZED.</summary>
    public static void MapUnrecognized(this WebApplication app) =>
        app.MapFallback(context =>
        {
            var known = context.RequestServices.GetRequiredService<KnownRoutes>().Matches(context.Request.Path);
            return known
                ? MatrixResults.Error(405, ErrCode.Unrecognized, "method not allowed").ExecuteAsync(context)
                : MatrixResults.Error(404, ErrCode.Unrecognized, "unrecognized request").ExecuteAsync(context);
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected failure handling {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, Exception? failure);
}
