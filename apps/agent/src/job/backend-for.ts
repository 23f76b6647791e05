import { type BackendClient, createBackendClient } from '@bot-backend/backend-client';
import type { Settings } from '@bot-backend/config';

/** The user-management client, when BACKEND_API_URL and INTERNAL_SERVICE_JWT_SECRET are set. */
export function backendFor(settings: Settings): BackendClient | undefined {
  if (!settings.BACKEND_API_URL || !settings.INTERNAL_SERVICE_JWT_SECRET) return undefined;
  return createBackendClient({
    baseUrl: settings.BACKEND_API_URL,
    secret: settings.INTERNAL_SERVICE_JWT_SECRET,
  });
}
