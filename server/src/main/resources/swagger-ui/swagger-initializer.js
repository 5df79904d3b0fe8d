// Renkei's Swagger UI set-up (replaces the webjar's petstore initializer). The server fills in
// RENKEI_CONFIG: the documents to list and the built-in public program's client_id.
(function () {
  "use strict";

  var config = /*RENKEI_CONFIG*/;

  // The documents name http://localhost:8080 as their server. "Try it out" and the OAuth
  // endpoints (relative URLs, resolved against the selected server) must reach the server this
  // page was loaded from, wherever it runs.
  function SameOriginServer() {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            updateJsonSpec: function (original) {
              return function (spec) {
                if (spec && typeof spec === "object" && !Array.isArray(spec)) {
                  spec.servers = [{ url: window.location.origin, description: "This Renkei server" }];
                }
                return original(spec);
              };
            }
          }
        }
      }
    };
  }

  window.onload = function () {
    window.ui = SwaggerUIBundle({
      urls: config.documents,
      "urls.primaryName": config.primaryName,
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      plugins: [SwaggerUIBundle.plugins.DownloadUrl, SameOriginServer],
      layout: "StandaloneLayout",
      // No badge from the public validator: this page loads nothing from another origin.
      validatorUrl: null,
      oauth2RedirectUrl: window.location.origin + config.redirectPath
    });
    window.ui.initOAuth({
      clientId: config.clientId,
      appName: "Renkei Swagger UI",
      usePkceWithAuthorizationCodeGrant: true,
      scopes: config.scopes
    });
  };
})();
