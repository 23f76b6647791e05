export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export type LlmFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';
