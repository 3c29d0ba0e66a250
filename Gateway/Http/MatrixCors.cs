namespace Tangle.Gateway.Http;

/// <summary>The CORS headers the Client-Server API requires on every response, and preflight answers.</summary>
internal static class MatrixCors
{
    public static void UseMatrixCors(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
        headers.AccessControlAllowHeaders = "X-Requested-With, Content-Type, Authorization";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = 204;
            return;
        }

        await next();
    });
}
