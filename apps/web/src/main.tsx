import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyStoredTheme } from './theme/theme-store';
import './styles/base.css';
import './styles/layout.css';
import './styles/messages.css';
import './styles/dialogs.css';
import './styles/formatting.css';

applyStoredTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
