import fs from 'node:fs';
import { textToArticle } from '../../src/core/capture/text-article.js';
console.log(textToArticle(fs.readFileSync('/work/shared/fixtures/nhandan-2022-01-28.txt','utf8'), 'x'));
