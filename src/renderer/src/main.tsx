import { Component, render, type ComponentChildren } from 'preact';
import '@fontsource/noto-serif/vietnamese-400.css';
import '@fontsource/noto-serif/latin-400.css';
import '@fontsource/noto-serif/latin-ext-400.css';
import '@fontsource/noto-serif/vietnamese-400-italic.css';
import '@fontsource/noto-serif/latin-400-italic.css';
import '@fontsource/noto-serif/vietnamese-700.css';
import '@fontsource/noto-serif/latin-700.css';
import '@fontsource/noto-serif/latin-ext-700.css';
import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-ext-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
import '@fontsource/be-vietnam-pro/latin-ext-600.css';
import './styles/index.css';
import { createApi, createEvents } from '../api.js';
import { App } from './App.js';

/** Last line of defence: a rendering bug shows what happened and a way back, not a blank window. */
class Crashed extends Component<{ children: ComponentChildren }, { error: Error | null }> {
  override state = { error: null as Error | null };
  override componentDidCatch(error: Error): void {
    console.error(error);
    this.setState({ error });
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const vi = document.documentElement.lang === 'vi';
    return (
      <main class="crashed" role="alert">
        <h1>{vi ? 'Kho gặp lỗi khi hiển thị' : 'Kho hit a display error'}</h1>
        <p>{error.message}</p>
        <p>{vi ? 'Dữ liệu của bạn vẫn an toàn.' : 'Your archive is safe.'}</p>
        <button type="button" class="btn btn-primary" onClick={() => window.location.reload()}>
          {vi ? 'Tải lại' : 'Reload'}
        </button>
      </main>
    );
  }
}

const root = document.getElementById('app');
if (root)
  render(
    <Crashed>
      <App api={createApi()} events={createEvents()} />
    </Crashed>,
    root,
  );
