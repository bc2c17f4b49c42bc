/**
 * The language server bundle's entry (dist/server.js): started as a worker thread by a
 * vocabulary build (engine linking's buildInWorker, features/vocabularies.ts), it only
 * builds (serveBuildWorker); otherwise it is the server process (main.ts).
 */
import { linking } from '../engine';

if (!linking.serveBuildWorker()) void import('./main.js');
